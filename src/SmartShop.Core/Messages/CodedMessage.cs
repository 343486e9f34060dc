namespace SmartShop.Core.Messages;

/// <summary>
/// A message for a person, with a stable code and the values in it, so that a user interface can say it in the
/// user's language (the API's text is English): "lot-quarantined" with lot and material, say.
/// </summary>
/// <param name="Code">Stable, lower-case and hyphenated; never reworded once published.</param>
/// <param name="Message">The English text.</param>
/// <param name="Args">The values the text names, by name, as text.</param>
public sealed record CodedMessage(string Code, string Message, IReadOnlyDictionary<string, string> Args)
{
    public static CodedMessage Of(string code, string message, params (string Name, string Value)[] args) =>
        new(code, message, args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));

    public override string ToString() => Message;
}
