using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TalkingGaussian.Training.Settings;

/// <summary>
/// settings.json: <see cref="TrainingSettings"/> as snake_case JSON, and overrides by dotted path
/// (<c>face.iterations=3000</c>, <c>face.sampling.interval=5</c>, <c>stages=["face"]</c>) applied to the JSON form,
/// so every setting can be changed from the command line without an option of its own.
/// </summary>
public static class TrainingSettingsJson
{
    /// <summary>The serializer options: snake_case names, enums as names, unknown names refused, ±∞ allowed.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The settings as indented JSON.</summary>
    public static string Serialize(TrainingSettings settings) => JsonSerializer.Serialize(settings, Options);

    /// <summary>Reads settings JSON; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="TrainingSettingsException">The JSON is malformed or names a setting that does not exist.</exception>
    public static TrainingSettings Deserialize(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingSettings>(json, Options)
                ?? throw new TrainingSettingsException($"{source}: the file holds null instead of settings.");
        }
        catch (JsonException e)
        {
            throw new TrainingSettingsException($"{source}: {e.Message} Fix the file (tg train --help lists the settings; settings.json of any run shows them all).");
        }
    }

    /// <summary>
    /// Applies <paramref name="overrides"/> of the form <c>path.to.setting=value</c>; a value is JSON (number, true/false,
    /// array, object) or else taken as a string. Later overrides win.
    /// </summary>
    public static TrainingSettings Apply(TrainingSettings settings, IEnumerable<string> overrides)
    {
        var root = JsonNode.Parse(Serialize(settings))!.AsObject();
        foreach (var item in overrides)
        {
            int eq = item.IndexOf('=');
            if (eq <= 0) throw new TrainingSettingsException($"--set {item}: write it as name=value, e.g. face.iterations=3000.");
            string path = item[..eq].Trim(), text = item[(eq + 1)..].Trim();
            var parts = path.Split('.');
            JsonObject node = root;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                if (node[parts[i]] is not JsonObject child)
                    throw new TrainingSettingsException($"--set {item}: '{string.Join('.', parts[..(i + 1)])}' is not a group of settings. Groups: {Keys(node, true)}.");
                node = child;
            }
            string key = parts[^1];
            if (!node.ContainsKey(key))
                throw new TrainingSettingsException($"--set {item}: there is no setting '{path}'. Settings here: {Keys(node, false)}.");
            node[key] = ParseValue(text);
        }
        return Deserialize(root.ToJsonString(), "--set");
    }

    /// <summary>
    /// Merges a partial settings JSON object (e.g. a --settings file holding only what it changes) into
    /// <paramref name="settings"/>: objects merge key by key, any other value replaces.
    /// </summary>
    public static TrainingSettings Merge(TrainingSettings settings, string json, string source)
    {
        JsonObject patch;
        try { patch = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("the file holds null"); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new TrainingSettingsException($"{source}: not a JSON object of settings ({e.Message}).");
        }
        var root = JsonNode.Parse(Serialize(settings))!.AsObject();
        MergeInto(root, patch, source, "");
        return Deserialize(root.ToJsonString(), source);
    }

    private static void MergeInto(JsonObject target, JsonObject patch, string source, string prefix)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (!target.ContainsKey(key))
                throw new TrainingSettingsException($"{source}: there is no setting '{prefix}{key}'. Settings here: {Keys(target, false)}.");
            if (value is JsonObject child && target[key] is JsonObject existing) MergeInto(existing, child, source, prefix + key + ".");
            else target[key] = value?.DeepClone();
        }
    }

    private static JsonNode? ParseValue(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    private static string Keys(JsonObject node, bool groupsOnly) =>
        string.Join(", ", node.Where(kv => !groupsOnly || kv.Value is JsonObject).Select(kv => kv.Key));

    /// <summary>A float with invariant culture, for messages.</summary>
    internal static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>Settings that cannot be read or cannot be trained with; the message names the setting and the fix.</summary>
public sealed class TrainingSettingsException(string message) : Exception(message);
