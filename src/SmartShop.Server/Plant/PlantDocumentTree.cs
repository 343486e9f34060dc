using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SmartShop.Server.Plant;

// A format-neutral tree of the plant file with a source position on every node, so that structural and semantic
// errors alike can say where they are. YAML and JSON are both read into it; the binder then maps it to the DTOs.

/// <summary>1-based line and column of a node in the plant file.</summary>
internal readonly record struct SourcePosition(int Line, int Column);

internal abstract record DocNode(SourcePosition Position);

internal sealed record DocMapping(SourcePosition Position, IReadOnlyList<DocEntry> Entries) : DocNode(Position);

internal sealed record DocEntry(string Key, SourcePosition KeyPosition, DocNode Value);

internal sealed record DocSequence(SourcePosition Position, IReadOnlyList<DocNode> Items) : DocNode(Position);

internal enum ScalarKind
{
    Null,

    /// <summary>A quoted YAML scalar or a JSON string: always text.</summary>
    String,

    /// <summary>An unquoted YAML scalar: text or number, depending on what the key expects.</summary>
    Plain,

    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>A JSON true or false.</summary>
    Boolean,
}

internal sealed record DocScalar(SourcePosition Position, string? Text, ScalarKind Kind) : DocNode(Position)
{
    public string Describe() => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Number => $"the number {Text}",
        ScalarKind.Boolean => $"the boolean {Text}",
        _ => $"'{Text}'",
    };
}

/// <summary>A problem found while reading the tree, before any DTO exists.</summary>
internal sealed record DocProblem(SourcePosition Position, string Message);

internal static class YamlTreeReader
{
    /// <summary>Reads a single-document YAML file. Returns a null root for an empty file.</summary>
    public static DocNode? Read(string text, List<DocProblem> problems)
    {
        var parser = new Parser(new StringReader(text));
        var reader = new Reader(parser, problems);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = reader.ReadNode();
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var next))
            {
                problems.Add(new DocProblem(At(next.Start), "a plant file holds one YAML document; found a second one ('---')"));
            }

            return root;
        }
        catch (YamlException e)
        {
            problems.Add(new DocProblem(At(e.Start), $"YAML syntax error: {e.Message}"));
            return null;
        }
        catch (InvalidOperationException e) when (e.TargetSite?.DeclaringType?.Namespace?.StartsWith("YamlDotNet", StringComparison.Ordinal) == true)
        {
            // YamlDotNet's scanner throws this (instead of a YamlException) on some unterminated flow collections.
            var near = reader.LastPosition;
            problems.Add(new DocProblem(near, "YAML syntax error: unexpected end or character after this point (an unclosed '[' or '{'?)"));
            return null;
        }
    }

    private static SourcePosition At(Mark mark) => new((int)mark.Line, (int)mark.Column);

    private sealed class Reader(IParser parser, List<DocProblem> problems)
    {
        private readonly Dictionary<string, DocNode> _anchors = new(StringComparer.Ordinal);

        public SourcePosition LastPosition { get; private set; } = new(1, 1);

        public DocNode ReadNode()
        {
            var current = parser.Current ?? throw new InvalidOperationException("The YAML parser has no current event.");
            LastPosition = At(current.End);
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        return target;
                    }

                    problems.Add(new DocProblem(At(alias.Start), $"alias '*{alias.Value.Value}' refers to no anchor above it"));
                    return new DocScalar(At(alias.Start), null, ScalarKind.Null);

                case Scalar scalar:
                    parser.MoveNext();
                    return Remember(scalar.Anchor, new DocScalar(At(scalar.Start), Normalise(scalar), KindOf(scalar)));

                case SequenceStart start:
                {
                    parser.MoveNext();
                    var items = new List<DocNode>();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        items.Add(ReadNode());
                    }

                    return Remember(start.Anchor, new DocSequence(At(start.Start), items));
                }

                case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<DocEntry>();
                    var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var key = ReadNode();
                        var value = ReadNode();
                        if (key is not DocScalar { Text: { } keyText })
                        {
                            problems.Add(new DocProblem(key.Position, "a mapping key must be a plain name"));
                            continue;
                        }

                        if (!seen.TryAdd(keyText, key.Position))
                        {
                            problems.Add(new DocProblem(
                                key.Position,
                                $"duplicate key '{keyText}' (first at line {seen[keyText].Line}); the second one would silently win"));
                            continue;
                        }

                        entries.Add(new DocEntry(keyText, key.Position, value));
                    }

                    return Remember(start.Anchor, new DocMapping(At(start.Start), entries));
                }

                default:
                    throw new SemanticErrorException(current.Start, current.End, $"Unexpected {current.GetType().Name}.");
            }
        }

        private DocNode Remember(AnchorName anchor, DocNode node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }

        private static ScalarKind KindOf(Scalar scalar)
        {
            if ((!scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str") || scalar.Style != ScalarStyle.Plain)
            {
                return ScalarKind.String;
            }

            return scalar.Value is "" or "~" or "null" or "Null" or "NULL" ? ScalarKind.Null : ScalarKind.Plain;
        }

        private static string? Normalise(Scalar scalar) => KindOf(scalar) == ScalarKind.Null ? null : scalar.Value;
    }
}

internal static class JsonTreeReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    /// <summary>Reads a JSON file with System.Text.Json, so syntax errors are JSON's own, with line and column.</summary>
    public static DocNode? Read(ReadOnlySpan<byte> utf8, List<DocProblem> problems)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        var lines = new LineMap(utf8);
        var reader = new Utf8JsonReader(utf8, Options);
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            var root = ReadNode(ref reader, lines, utf8, problems);
            if (reader.Read())
            {
                problems.Add(new DocProblem(lines.At(utf8, reader.TokenStartIndex), "unexpected content after the end of the JSON document"));
            }

            return root;
        }
        catch (JsonException e)
        {
            var position = new SourcePosition((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            problems.Add(new DocProblem(position, $"JSON syntax error: {StripPosition(e.Message)}"));
            return null;
        }
    }

    private static DocNode ReadNode(ref Utf8JsonReader reader, LineMap lines, ReadOnlySpan<byte> utf8, List<DocProblem> problems)
    {
        var position = lines.At(utf8, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var entries = new List<DocEntry>();
                var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyPosition = lines.At(utf8, reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    reader.Read();
                    var value = ReadNode(ref reader, lines, utf8, problems);
                    if (!seen.TryAdd(key, keyPosition))
                    {
                        problems.Add(new DocProblem(
                            keyPosition,
                            $"duplicate key '{key}' (first at line {seen[key].Line}); the second one would silently win"));
                        continue;
                    }

                    entries.Add(new DocEntry(key, keyPosition, value));
                }

                return new DocMapping(position, entries);
            }

            case JsonTokenType.StartArray:
            {
                var items = new List<DocNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadNode(ref reader, lines, utf8, problems));
                }

                return new DocSequence(position, items);
            }

            case JsonTokenType.String:
                return new DocScalar(position, reader.GetString(), ScalarKind.String);
            case JsonTokenType.Number:
                return new DocScalar(position, Encoding.UTF8.GetString(reader.ValueSpan), ScalarKind.Number);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new DocScalar(position, reader.GetBoolean() ? "true" : "false", ScalarKind.Boolean);
            default:
                return new DocScalar(position, null, ScalarKind.Null);
        }
    }

    // System.Text.Json appends " LineNumber: n | BytePositionInLine: m." (0-based); the error carries its own position.
    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    /// <summary>Turns byte offsets into 1-based line and character columns.</summary>
    private sealed class LineMap
    {
        private readonly List<int> _lineStarts = [0];

        public LineMap(ReadOnlySpan<byte> utf8)
        {
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public SourcePosition At(ReadOnlySpan<byte> utf8, long offset)
        {
            var index = _lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var start = _lineStarts[line];
            var column = Encoding.UTF8.GetCharCount(utf8[start..(int)offset]) + 1;
            return new SourcePosition(line + 1, column);
        }
    }
}
