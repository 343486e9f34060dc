using System.Globalization;
using System.Text;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Client;

/// <summary>
/// The '/' form of a browse path (OPC 10000-4 A.2), as plant files and <c>smartshop ua</c> write it:
/// <c>/Objects/2:Plant/2:Lathe1/2:State</c>.
/// <list type="bullet">
/// <item>The path starts at the Root folder (i=84), so the first element is usually <c>Objects</c>. <c>/</c> alone is
/// the Root folder itself.</item>
/// <item>Each element is <c>[nsIndex:]BrowseName</c>; without a prefix the name is in namespace 0 (as the standard
/// folders are). The index is the server's (its NamespaceArray), so it can change when the server's namespaces do.</item>
/// <item>Each element follows forward HierarchicalReferences (i=33) and their subtypes.</item>
/// <item><c>&amp;</c> escapes the next character. The characters <c>/ . &lt; &gt; : # ! &amp;</c> are reserved by
/// the specification's text format (only the '/' form is supported here) and must be escaped inside a name, e.g.
/// <c>2:PLC1&amp;.Counters</c> for the name <c>PLC1.Counters</c>.</item>
/// </list>
/// The grammar is the one <c>SignalAddress</c> checks in plant files.
/// </summary>
public static class BrowsePathText
{
    /// <summary>Where every textual browse path starts: the Root folder, i=84.</summary>
    public static NodeId RootFolder { get; } = new(84);

    /// <summary>The reference type each element follows (with its subtypes): HierarchicalReferences, i=33.</summary>
    public static NodeId HierarchicalReferences { get; } = new(33);

    private const string Reserved = "/.<>:#!&";

    /// <summary>The browse names of the elements, in order; empty for <c>/</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FormatException">The path does not start with '/', or an element is empty, has a namespace
    /// prefix that is not 0-65535, an unescaped reserved character, or a trailing '&amp;'. The message names the
    /// element.</exception>
    public static QualifiedName[] ParseNames(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path[0] != '/')
        {
            throw new FormatException($"'{path}' is not a browse path: it must start with '/' (e.g. /Objects/2:Plant/2:Lathe1/2:State).");
        }

        if (path.Length == 1)
        {
            return [];
        }

        var names = new List<QualifiedName>();
        var name = new StringBuilder();
        var elementStart = 1;
        ushort? namespaceIndex = null;
        for (var i = 1; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var element = path[elementStart..i];
                if (element.Length == 0)
                {
                    throw Error(path, $"element {names.Count + 1} is empty");
                }

                if (name.Length == 0)
                {
                    throw Error(path, $"element '{element}' has no browse name after ':'");
                }

                names.Add(new QualifiedName(name.ToString(), namespaceIndex ?? 0));
                name.Clear();
                namespaceIndex = null;
                elementStart = i + 1;
                continue;
            }

            var c = path[i];
            if (c == '&')
            {
                if (i + 1 == path.Length)
                {
                    throw Error(path, $"the '&' at the end of element '{path[elementStart..]}' escapes nothing");
                }

                name.Append(path[++i]);
                continue;
            }

            if (c == ':')
            {
                var element = ElementAt(path, elementStart);
                if (namespaceIndex is not null)
                {
                    throw Error(path, $"element '{element}' has a second ':'; escape a ':' in a name as '&:'");
                }

                var prefix = path[elementStart..i];
                if (!ushort.TryParse(prefix, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw Error(path, $"'{prefix}' before ':' in element '{element}' is not a namespace index 0-65535; escape a ':' in a name as '&:'");
                }

                namespaceIndex = index;
                name.Clear();
                continue;
            }

            if (Reserved.Contains(c, StringComparison.Ordinal))
            {
                throw Error(path, $"'{c}' in element '{ElementAt(path, elementStart)}' is reserved (only '/' paths are supported); escape it as '&{c}'");
            }

            name.Append(c);
        }

        return [.. names];
    }

    /// <summary>
    /// The path as a <see cref="BrowsePath"/> from the Root folder, each element following forward
    /// HierarchicalReferences with subtypes; see <see cref="ParseNames"/> for the errors.
    /// </summary>
    public static BrowsePath Parse(string path)
    {
        var names = ParseNames(path);
        var elements = new RelativePathElement[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            elements[i] = new RelativePathElement
            {
                ReferenceTypeId = HierarchicalReferences,
                IsInverse = false,
                IncludeSubtypes = true,
                TargetName = names[i],
            };
        }

        return new BrowsePath { StartingNode = RootFolder, RelativePath = new RelativePath { Elements = elements } };
    }

    /// <summary>The text form of browse names from the Root folder, escaping reserved characters; the inverse of <see cref="ParseNames"/>.</summary>
    public static string Format(IEnumerable<QualifiedName> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var text = new StringBuilder();
        foreach (var name in names)
        {
            text.Append('/');
            if (name.NamespaceIndex != 0)
            {
                text.Append(name.NamespaceIndex.ToString(CultureInfo.InvariantCulture)).Append(':');
            }

            foreach (var c in name.Name ?? string.Empty)
            {
                if (Reserved.Contains(c, StringComparison.Ordinal))
                {
                    text.Append('&');
                }

                text.Append(c);
            }
        }

        return text.Length == 0 ? "/" : text.ToString();
    }

    private static string ElementAt(string path, int elementStart)
    {
        // The raw element text up to the next unescaped '/', for messages.
        var end = elementStart;
        while (end < path.Length && path[end] != '/')
        {
            end += path[end] == '&' ? 2 : 1;
        }

        return path[elementStart..Math.Min(end, path.Length)];
    }

    private static FormatException Error(string path, string problem) => new($"'{path}' is not a browse path: {problem}.");
}
