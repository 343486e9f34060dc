using Microsoft.AspNetCore.Http.HttpResults;
using SmartShop.Core.Messages;

namespace SmartShop.Server.Hosting;

/// <summary>
/// Validation problems whose messages also travel as codes with their values, in the extension <c>codes</c>
/// (<c>{ "components[0].lot": [{ "code": "lot-quarantined", "args": { "lot": "L-7", "material": "BODY" } }] }</c>),
/// so that a screen shows them in the user's language; <c>errors</c> keeps the English text for everyone else.
/// </summary>
public static class CodedProblems
{
    public sealed record MessageCode(string Code, IReadOnlyDictionary<string, string> Args);

    /// <summary>Adds a coded message to the errors (its text) and the codes (its code and values) of a field.</summary>
    public static void Add(this Dictionary<string, string[]> errors, Dictionary<string, MessageCode[]> codes, string field, CodedMessage message)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(message);
        errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message.Message];
        codes[field] = [.. codes.GetValueOrDefault(field) ?? [], new MessageCode(message.Code, message.Args)];
    }

    public static ValidationProblem Validation(Dictionary<string, string[]> errors, Dictionary<string, MessageCode[]> codes, string? title = null) =>
        TypedResults.ValidationProblem(errors, title: title, extensions: codes.Count == 0 ? null : new Dictionary<string, object?> { ["codes"] = codes });

    /// <summary>One field's coded message as a validation problem.</summary>
    public static ValidationProblem Validation(string field, CodedMessage message, string? title = null)
    {
        var (errors, codes) = (new Dictionary<string, string[]>(), new Dictionary<string, MessageCode[]>());
        errors.Add(codes, field, message);
        return Validation(errors, codes, title);
    }
}
