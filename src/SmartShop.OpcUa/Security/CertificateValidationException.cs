namespace SmartShop.OpcUa.Security;

/// <summary>What is wrong with a peer certificate; several can apply at once.</summary>
[Flags]
public enum CertificateProblems
{
    None = 0,

    /// <summary>Neither the certificate nor an issuer of it is in trusted/certs.</summary>
    Untrusted = 1 << 0,

    /// <summary>Its validity ended before now.</summary>
    Expired = 1 << 1,

    /// <summary>Its validity starts after now (often a clock that is wrong on one side).</summary>
    NotYetValid = 1 << 2,

    /// <summary>An issuer in its chain is expired or not yet valid.</summary>
    IssuerTimeInvalid = 1 << 3,

    /// <summary>Its RSA key is outside the policy's limits (2048 to 4096 bits for Basic256Sha256), or it has none.</summary>
    KeySizeNotAllowed = 1 << 4,

    /// <summary>It (or an intermediate) is signed with an algorithm the policy refuses, e.g. SHA-1.</summary>
    SignatureAlgorithmNotAllowed = 1 << 5,

    /// <summary>Its subjectAltName URI is not the endpoint's server ApplicationUri.</summary>
    ApplicationUriMismatch = 1 << 6,

    /// <summary>Its key usage does not allow digital signatures.</summary>
    UseNotAllowed = 1 << 7,

    /// <summary>Unreadable, or its chain to a trusted issuer is broken (bad signature, issuer not a CA).</summary>
    Invalid = 1 << 8,
}

/// <summary>
/// A peer certificate was refused. The message names the certificate's subject and SHA-1 thumbprint and, when it is
/// only untrusted, where the rejected copy is and how to trust it.
/// </summary>
public sealed class CertificateValidationException : Exception
{
    public CertificateValidationException(
        CertificateProblems problems, string subject, string thumbprint, string? rejectedCopyPath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Problems = problems;
        Subject = subject;
        Thumbprint = thumbprint;
        RejectedCopyPath = rejectedCopyPath;
    }

    public CertificateProblems Problems { get; }

    /// <summary>The certificate's subject distinguished name ("(unreadable)" when it could not be parsed).</summary>
    public string Subject { get; }

    /// <summary>SHA-1 thumbprint as 40 upper-case hex digits (empty when the certificate could not be parsed).</summary>
    public string Thumbprint { get; }

    /// <summary>The copy saved to rejected/certs, when the certificate was untrusted.</summary>
    public string? RejectedCopyPath { get; }

    /// <summary>
    /// The OPC UA StatusCode a stack reports for the most serious problem (numeric value of OPC 10000-4 7.39), e.g.
    /// BadCertificateUntrusted 0x801A0000, so the secure channel can close with the code a peer expects.
    /// </summary>
    public uint StatusCode => ToStatusCode(Problems);

    internal static uint ToStatusCode(CertificateProblems problems) => problems switch
    {
        _ when problems.HasFlag(CertificateProblems.Invalid) => 0x80120000, // BadCertificateInvalid
        _ when problems.HasFlag(CertificateProblems.Expired) || problems.HasFlag(CertificateProblems.NotYetValid) => 0x80140000, // BadCertificateTimeInvalid
        _ when problems.HasFlag(CertificateProblems.IssuerTimeInvalid) => 0x80150000, // BadCertificateIssuerTimeInvalid
        _ when problems.HasFlag(CertificateProblems.KeySizeNotAllowed)
            || problems.HasFlag(CertificateProblems.SignatureAlgorithmNotAllowed) => 0x81140000, // BadCertificatePolicyCheckFailed
        _ when problems.HasFlag(CertificateProblems.UseNotAllowed) => 0x80180000, // BadCertificateUseNotAllowed
        _ when problems.HasFlag(CertificateProblems.ApplicationUriMismatch) => 0x80170000, // BadCertificateUriInvalid
        _ when problems.HasFlag(CertificateProblems.Untrusted) => 0x801A0000, // BadCertificateUntrusted
        _ => 0x80130000, // BadSecurityChecksFailed
    };
}
