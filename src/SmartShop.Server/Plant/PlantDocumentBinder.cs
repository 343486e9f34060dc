using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace SmartShop.Server.Plant;

/// <summary>
/// Maps the document tree onto the DTOs, reporting every structural problem instead of stopping at the first one:
/// unknown keys (with a suggestion), a list where a mapping belongs, text where a number belongs.
/// </summary>
/// <remarks>
/// Deserializers (YamlDotNet's or System.Text.Json's) stop at the first unknown key or type mismatch, and an
/// operator fixing a plant file wants the whole list at once, with positions.
/// </remarks>
internal sealed class PlantDocumentBinder(Action<DocumentPath, SourcePosition, string> report)
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> Keys = new();

    public PlantDocument? Bind(DocNode root)
    {
        if (root is not DocMapping)
        {
            report(DocumentPath.Root, root.Position, $"expected a mapping with the keys {string.Join(", ", KeysOf(typeof(PlantDocument)).Keys)}");
            return null;
        }

        return (PlantDocument?)BindValue(root, typeof(PlantDocument), DocumentPath.Root);
    }

    private object? BindValue(DocNode node, Type type, DocumentPath path)
    {
        if (node is DocScalar { Kind: ScalarKind.Null })
        {
            return null;
        }

        if (type == typeof(string))
        {
            if (node is DocScalar { Kind: ScalarKind.String or ScalarKind.Plain } text)
            {
                return text.Text;
            }

            report(path, node.Position, $"expected text, found {Describe(node)}");
            return null;
        }

        if (type == typeof(DocumentText))
        {
            if (node is DocScalar { Kind: ScalarKind.String or ScalarKind.Plain, Text: { } item })
            {
                return new DocumentText(item, node.Position);
            }

            report(path, node.Position, $"expected text, found {Describe(node)}");
            return null;
        }

        if (type == typeof(double?))
        {
            if (node is DocScalar { Kind: ScalarKind.Plain or ScalarKind.Number } number
                && double.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            var hint = node is DocScalar { Kind: ScalarKind.String } ? " (a quoted value is text; remove the quotes)" : string.Empty;
            report(path, node.Position, $"expected a number, found {Describe(node)}{hint}");
            return null;
        }

        if (typeof(CodeTableDocument).IsAssignableFrom(type))
        {
            return BindCodeTable(node, path, stopReasons: type == typeof(StopReasonTableDocument));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (node is not DocSequence sequence)
            {
                report(path, node.Position, $"expected a list, found {Describe(node)}");
                return null;
            }

            var itemType = type.GetGenericArguments()[0];
            var list = (System.Collections.IList)Activator.CreateInstance(type)!;
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var item = sequence.Items[i];
                var itemPath = path.Index(i, IdOf(item));
                var bound = BindValue(item, itemType, itemPath);
                if (bound is null)
                {
                    if (item is DocScalar { Kind: ScalarKind.Null })
                    {
                        report(itemPath, item.Position, "is an empty list entry");
                    }

                    continue;
                }

                list.Add(bound);
            }

            return list;
        }

        if (typeof(DocumentObject).IsAssignableFrom(type))
        {
            return BindObject(node, type, path);
        }

        throw new NotSupportedException($"The plant document binder does not handle {type}.");
    }

    private DocumentObject? BindObject(DocNode node, Type type, DocumentPath path)
    {
        var keys = KeysOf(type);
        if (node is not DocMapping mapping)
        {
            report(path, node.Position, $"expected a mapping (keys {string.Join(", ", keys.Keys)}), found {Describe(node)}");
            return null;
        }

        var target = (DocumentObject)Activator.CreateInstance(type)!;
        target.Path = path;
        target.Position = mapping.Position;
        foreach (var entry in mapping.Entries)
        {
            var entryPath = path.Property(entry.Key);
            if (!keys.TryGetValue(entry.Key, out var property))
            {
                report(entryPath, entry.KeyPosition, UnknownKey(entry.Key, keys.Keys));
                continue;
            }

            target.ValuePositions[entry.Key] = entry.Value.Position;
            var value = BindValue(entry.Value, property.PropertyType, entryPath);
            if (value is null && entry.Value is not DocScalar { Kind: ScalarKind.Null })
            {
                // Already reported here; the validator must not add "missing" on top.
                target.FailedKeys.Add(entry.Key);
            }

            property.SetValue(target, value);
        }

        return target;
    }

    // A stop-reason table also takes { text, reason } per code (the downtime reason the code stands for).
    private CodeTableDocument? BindCodeTable(DocNode node, DocumentPath path, bool stopReasons)
    {
        if (node is not DocMapping mapping)
        {
            var example = stopReasons ? "101: Tool breakage, or 101: { text: Tool breakage, reason: unplanned.equipment.tooling }" : "101: Tool breakage";
            report(path, node.Position, $"expected a mapping from integer codes to text (e.g. {example}), found {Describe(node)}");
            return null;
        }

        var table = stopReasons ? new StopReasonTableDocument { Path = path } : new CodeTableDocument { Path = path };
        var seen = new HashSet<int>();
        foreach (var entry in mapping.Entries)
        {
            if (!int.TryParse(entry.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
            {
                report(path.Property(entry.Key), entry.KeyPosition, $"'{entry.Key}' is not an integer code");
                continue;
            }

            var entryPath = path.Key(code);
            if (!seen.Add(code))
            {
                report(entryPath, entry.KeyPosition, $"code {code} appears more than once");
                continue;
            }

            if (entry.Value is DocScalar { Kind: ScalarKind.String or ScalarKind.Plain or ScalarKind.Null } text)
            {
                table.Entries.Add(new CodeTableEntry(code, text.Text, entryPath, entry.Value.Position));
            }
            else if (stopReasons && entry.Value is DocMapping)
            {
                if (BindObject(entry.Value, typeof(StopReasonCodeDocument), entryPath) is StopReasonCodeDocument detail)
                {
                    table.Entries.Add(new CodeTableEntry(code, detail.Text, entryPath, entry.Value.Position, detail));
                }
            }
            else
            {
                var expected = stopReasons ? "text or a mapping { text, reason }" : "text";
                report(entryPath, entry.Value.Position, $"expected {expected}, found {Describe(entry.Value)}");
            }
        }

        return table;
    }

    private static string? IdOf(DocNode node) =>
        node is DocMapping mapping
            ? mapping.Entries.FirstOrDefault(e => e.Key == "id")?.Value is DocScalar { Kind: ScalarKind.String or ScalarKind.Plain } id ? id.Text : null
            : null;

    private static string Describe(DocNode node) => node switch
    {
        DocMapping => "a mapping",
        DocSequence => "a list",
        DocScalar scalar => scalar.Describe(),
        _ => node.GetType().Name,
    };

    private static string UnknownKey(string key, IEnumerable<string> allowed)
    {
        var candidates = allowed.ToList();
        return Spelling.Closest(key, candidates) is { } suggestion
            ? $"unknown key '{key}'; did you mean '{suggestion}'?"
            : $"unknown key '{key}'; expected one of {string.Join(", ", candidates)}";
    }

    private static IReadOnlyDictionary<string, PropertyInfo> KeysOf(Type type) =>
        Keys.GetOrAdd(type, t => t
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal));
}

/// <summary>"Did you mean" for misspelt keys and ids.</summary>
internal static class Spelling
{
    /// <summary>The candidate nearest to <paramref name="word"/> (ignoring case), if it is near enough to be a typo.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(word.ToUpperInvariant(), c.ToUpperInvariant())))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, word.Length / 4) ? best.Name : null;
    }

    // Levenshtein distance.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
