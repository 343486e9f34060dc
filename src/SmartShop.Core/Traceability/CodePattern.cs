using System.Globalization;
using System.Text;

namespace SmartShop.Core.Traceability;

/// <summary>What a serial number or lot code is made of at the moment it is issued.</summary>
/// <param name="At">The instant in plant time (dates in codes are the plant's, not UTC).</param>
/// <param name="Sequence">The running number: per order for serials, per day and line for lots.</param>
public sealed record CodeContext(string Order, string Product, string? Line, string? Machine, DateTimeOffset At, long Sequence);

/// <summary>
/// A pattern for serial numbers and lot codes, e.g. <c>{product}-{yyMMdd}-{seq:00000}</c>. Tokens: <c>{order}</c>,
/// <c>{product}</c>, <c>{line}</c>, <c>{machine}</c>, <c>{seq}</c> or <c>{seq:0000}</c> (zero-padded), and date parts
/// <c>{yyyy}</c>, <c>{yy}</c>, <c>{MM}</c>, <c>{dd}</c>, <c>{HH}</c>, <c>{mm}</c>, <c>{yyMMdd}</c>, <c>{yyyyMMdd}</c>,
/// <c>{jjj}</c> (day of year). Everything else is literal; <c>{{</c> and <c>}}</c> are braces. A pattern must contain
/// <c>{seq}</c>, or two codes issued in the same minute could be equal.
/// </summary>
public sealed class CodePattern
{
    private static readonly string[] Tokens = ["order", "product", "line", "machine", "seq", "yyyy", "yy", "MM", "dd", "HH", "mm", "yyMMdd", "yyyyMMdd", "jjj"];
    private readonly List<(string? Literal, string? Token, string? Format)> _parts;

    private CodePattern(string text, List<(string?, string?, string?)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>The pattern, or why it is not one (naming the position and the token).</summary>
    public static CodePattern? TryParse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The pattern is empty.";
            return null;
        }

        var parts = new List<(string?, string?, string?)>();
        var literal = new StringBuilder();
        var hasSequence = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i++;
                continue;
            }

            if (ch == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i++;
                continue;
            }

            if (ch == '}')
            {
                error = $"A '}}' at position {i + 1} closes nothing (write '}}}}' for a brace).";
                return null;
            }

            if (ch != '{')
            {
                literal.Append(ch);
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            if (end < 0)
            {
                error = $"The '{{' at position {i + 1} is not closed.";
                return null;
            }

            var inner = text[(i + 1)..end];
            var colon = inner.IndexOf(':', StringComparison.Ordinal);
            var token = colon < 0 ? inner : inner[..colon];
            var format = colon < 0 ? null : inner[(colon + 1)..];
            if (!Tokens.Contains(token, StringComparer.Ordinal))
            {
                error = $"Unknown token {{{inner}}} at position {i + 1}; tokens: {string.Join(", ", Tokens.Select(t => "{" + t + "}"))}.";
                return null;
            }

            if (format is not null && (token != "seq" || format.Length == 0 || format.Any(c => c != '0') || format.Length > 12))
            {
                error = $"{{{inner}}} at position {i + 1}: only {{seq}} takes a format, zeros giving the width (e.g. {{seq:00000}}).";
                return null;
            }

            hasSequence |= token == "seq";
            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), null, null));
                literal.Clear();
            }

            parts.Add((null, token, format));
            i = end;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), null, null));
        }

        if (!hasSequence)
        {
            error = "The pattern has no {seq}: codes issued together would be equal.";
            return null;
        }

        return new CodePattern(text, parts);
    }

    public static CodePattern Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException($"Code pattern '{text}': {error}");

    public string Format(CodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var at = context.At;
        var text = new StringBuilder();
        foreach (var (literal, token, format) in _parts)
        {
            text.Append(literal ?? token switch
            {
                "order" => context.Order,
                "product" => context.Product,
                "line" => context.Line ?? string.Empty,
                "machine" => context.Machine ?? string.Empty,
                "seq" => context.Sequence.ToString(format ?? "0", CultureInfo.InvariantCulture),
                "yyyy" => at.ToString("yyyy", CultureInfo.InvariantCulture),
                "yy" => at.ToString("yy", CultureInfo.InvariantCulture),
                "MM" => at.ToString("MM", CultureInfo.InvariantCulture),
                "dd" => at.ToString("dd", CultureInfo.InvariantCulture),
                "HH" => at.ToString("HH", CultureInfo.InvariantCulture),
                "mm" => at.ToString("mm", CultureInfo.InvariantCulture),
                "yyMMdd" => at.ToString("yyMMdd", CultureInfo.InvariantCulture),
                "yyyyMMdd" => at.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                "jjj" => at.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException(token),
            });
        }

        return text.ToString();
    }
}

/// <summary>Codes on labels (serials, lots, containers): 1-64 letters, digits, '.', '_', '-' or '/', starting with a letter or digit.</summary>
public static partial class Codes
{
    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    public static string Describe(string what, string code) =>
        $"The {what} '{code}' is not 1-64 letters, digits, '.', '_', '-' or '/' starting with a letter or digit.";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
