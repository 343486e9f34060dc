using System.Security.Claims;
using SmartShop.Core.Messages;
using SmartShop.Server.Audit;

namespace SmartShop.Server.Auth;

/// <summary>
/// An electronic signature given with a critical action: the signer re-enters their user name and password (or PIN)
/// and says what the signature means. Stored with the action's audit entry and shown wherever the record is.
/// </summary>
/// <param name="Meaning">What signing means here, e.g. "Released for production"; the action's usual meaning when left out.</param>
public sealed record SignatureRequest(string? UserName, string? Password, string? Pin, string? Meaning);

public static class ElectronicSignature
{
    /// <summary>The request field a refused signature is reported under.</summary>
    public const string Field = "signature";

    /// <summary>
    /// The signature when the credentials are the caller's own and right; otherwise why not, reported under
    /// <see cref="Field"/> (400: a wrong signature must not end the session, as a 401 would). Failures count toward lockout.
    /// </summary>
    public static async Task<(SignatureRecord? Signature, CodedMessage? Refusal)> VerifyAsync(
        SignatureRequest? request, string defaultMeaning, ClaimsPrincipal caller, UserAccounts accounts, CancellationToken ct)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.UserName) || (string.IsNullOrEmpty(request.Password) && string.IsNullOrEmpty(request.Pin)))
        {
            return (null, CodedMessage.Of("signature-required", "This action needs an electronic signature: re-enter your user name and password (or PIN)."));
        }

        var name = caller.UserName();
        if (name.StartsWith("api:", StringComparison.Ordinal))
        {
            return (null, CodedMessage.Of("signature-not-a-person", "An API key cannot sign: a person signs this action."));
        }

        if (!string.Equals(UserAccounts.Normalize(request.UserName), name, StringComparison.Ordinal))
        {
            return (null, CodedMessage.Of("signature-other-person", $"A signature is given by the person acting: sign as {name}.", ("name", name)));
        }

        var meaning = string.IsNullOrWhiteSpace(request.Meaning) ? defaultMeaning : request.Meaning.Trim();
        if (meaning.Length > 200)
        {
            return (null, CodedMessage.Of("signature-meaning-too-long", "The signature's meaning is longer than 200 characters."));
        }

        var (user, failure) = await accounts.CheckAsync(new Credentials(request.UserName, request.Password, request.Pin, null), ct);
        if (user is null)
        {
            return (null, CodedMessage.Of(
                failure!.Locked ? "signature-locked" : "signature-wrong", $"The signature was not accepted: {failure.Message}"));
        }

        return (new SignatureRecord(user.UserName, meaning), null);
    }
}
