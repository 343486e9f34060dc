using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using SmartShop.Core.Plant;

namespace SmartShop.Server.Plant;

public enum PlantFileFormat
{
    Yaml,
    Json,
}

/// <summary>One problem in a plant file: which file, where in it, and what is wrong.</summary>
/// <param name="File">The file as the user named it (not necessarily a full path).</param>
/// <param name="Path">Path inside the document, e.g. <c>sites[0].areas[0].lines[1].machines[2] (id 'l2-press').endpoint</c>; empty for file-level problems.</param>
/// <param name="Line">1-based line, when known.</param>
/// <param name="Column">1-based column, when known.</param>
public sealed record PlantConfigurationError(string File, string Path, string Message, int? Line = null, int? Column = null)
{
    /// <summary>Compiler style, so editors and CI logs link to the spot: <c>file:line:col: path: message</c>.</summary>
    public override string ToString()
    {
        var location = Line is { } line ? $"{File}:{line}:{Column ?? 1}" : File;
        return Path.Length == 0 ? $"{location}: {Message}" : $"{location}: {Path}: {Message}";
    }
}

/// <summary>Either a complete plant or every problem found; never a partly applied plant.</summary>
public sealed record PlantLoadResult
{
    public PlantDefinition? Plant { get; init; }

    public IReadOnlyList<PlantConfigurationError> Errors { get; init; } = [];

    /// <summary>Lower-case hex SHA-256 of the file's bytes; null when the file could not be read.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The file's text as read (kept so a plant revision can be recorded); null when unreadable.</summary>
    public string? Content { get; init; }

    [MemberNotNullWhen(true, nameof(Plant))]
    public bool Succeeded => Plant is not null;

    public PlantDefinition GetPlantOrThrow() => Plant ?? throw new PlantConfigurationException(Errors);
}

/// <summary>Thrown on the host's start-up path when the plant file is missing or invalid; lists every problem.</summary>
public sealed class PlantConfigurationException : Exception
{
    public PlantConfigurationException(IReadOnlyList<PlantConfigurationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public PlantConfigurationException()
        : this([])
    {
    }

    public PlantConfigurationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public PlantConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<PlantConfigurationError> Errors { get; }

    private static string Describe(IReadOnlyList<PlantConfigurationError> errors)
    {
        if (errors.Count == 0)
        {
            return "The plant configuration is invalid.";
        }

        var text = new StringBuilder($"The plant configuration is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):");
        foreach (var error in errors)
        {
            text.AppendLine().Append("  ").Append(error);
        }

        return text.ToString();
    }
}

/// <summary>Reads a plant file (YAML by .yaml/.yml, JSON by .json), checks it, and maps it to the domain model.</summary>
public static class PlantLoader
{
    /// <summary>Loads a file from disk. I/O problems come back as errors too, never as exceptions.</summary>
    /// <param name="path">Where to read the file.</param>
    /// <param name="displayName">How to name the file in errors (defaults to <paramref name="path"/>).</param>
    public static PlantLoadResult LoadFile(string path, string? displayName = null)
    {
        var name = displayName ?? path;
        if (FormatOf(path) is not { } format)
        {
            return Failed(name, $"unsupported file extension '{System.IO.Path.GetExtension(path)}'; expected .yaml, .yml or .json");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read the file: {e.Message}";
            return Failed(name, reason);
        }

        return Parse(bytes, format, name);
    }

    /// <summary>Parses plant file content already in memory (UTF-8, with or without a byte order mark).</summary>
    public static PlantLoadResult Parse(ReadOnlySpan<byte> utf8, PlantFileFormat format, string displayName)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(utf8));
        var content = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(
            utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8);

        var problems = new List<DocProblem>();
        var root = format == PlantFileFormat.Json
            ? JsonTreeReader.Read(utf8, problems)
            : YamlTreeReader.Read(content, problems);

        var errors = problems
            .Select(p => new PlantConfigurationError(displayName, string.Empty, p.Message, p.Position.Line, p.Position.Column))
            .ToList();

        // A syntax error leaves no reliable tree: report it alone rather than a cascade of "missing" keys.
        if (root is null)
        {
            if (errors.Count == 0)
            {
                errors.Add(new PlantConfigurationError(displayName, string.Empty, "the file is empty; expected enterprise, machineTypes and sites"));
            }

            return new PlantLoadResult { Errors = errors, Sha256 = sha256, Content = content };
        }

        void Report(DocumentPath path, SourcePosition position, string message) =>
            errors.Add(new PlantConfigurationError(displayName, path.ToString(), message, position.Line, position.Column));

        var document = new PlantDocumentBinder(Report).Bind(root);
        var plant = document is null ? null : new PlantDocumentValidator(Report).Validate(document);
        if (errors.Count == 0 && plant is not null)
        {
            return new PlantLoadResult { Plant = plant, Sha256 = sha256, Content = content };
        }

        // Structural and semantic checks run in separate passes; people fix files top to bottom.
        var inFileOrder = errors.OrderBy(e => e.Line ?? 0).ThenBy(e => e.Column ?? 0).ToList();
        return new PlantLoadResult { Errors = inFileOrder, Sha256 = sha256, Content = content };
    }

    /// <summary>Parses plant file text, e.g. from a test or an upload.</summary>
    public static PlantLoadResult Parse(string content, PlantFileFormat format, string displayName) =>
        Parse(Encoding.UTF8.GetBytes(content), format, displayName);

    public static PlantFileFormat? FormatOf(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".yaml" or ".yml" => PlantFileFormat.Yaml,
            ".json" => PlantFileFormat.Json,
            _ => null,
        };

    private static PlantLoadResult Failed(string file, string message) =>
        new() { Errors = [new PlantConfigurationError(file, string.Empty, message)] };
}
