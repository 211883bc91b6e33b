namespace TalkingGaussian.Preparation;

/// <summary>Stage "au": <c>au.csv</c> from the mesh track (<see cref="ActionUnitProxies"/>).</summary>
internal static class ActionUnitStage
{
    public static void Run(PreparationContext c)
    {
        using var meshes = new MeshTrack.Reader(c.MeshTrackPath);
        var measures = new FaceMeasures[meshes.Frames];
        for (int k = 0; k < measures.Length; k++) measures[k] = FaceMeasures.Of(meshes[k]);
        ActionUnitProxies.Table(measures).Write(c.Files.ActionUnits);
        c.Log($"au: au.csv with {measures.Length} rows");
    }
}
