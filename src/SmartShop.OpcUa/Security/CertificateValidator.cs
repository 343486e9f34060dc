using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartShop.OpcUa.Security;

/// <summary>How server certificates are judged.</summary>
public sealed record CertificateValidationOptions
{
    /// <summary>
    /// Accept a server certificate that passes every check except trust, with a warning. Off by default; meant for a
    /// first connection on a bench, not for production. Expired, mis-sized or mismatched certificates stay refused.
    /// </summary>
    public bool AutoAcceptUntrusted { get; init; }

    /// <summary>Save a copy of untrusted certificates to rejected/certs so they can be inspected and trusted.</summary>
    public bool SaveRejected { get; init; } = true;

    /// <summary>The command the rejection message offers, followed by the thumbprint.</summary>
    public string TrustCommand { get; init; } = "smartshop ua trust";

    /// <summary>Receives a line for every certificate accepted only because of <see cref="AutoAcceptUntrusted"/>.</summary>
    public Action<string>? Warning { get; init; }
}

/// <summary>
/// Validates server certificates against the PKI folder's trust list: trusted when the certificate itself, or an
/// issuer its chain reaches (through issuers/certs and the certificates the server sent), is in trusted/certs. Also
/// checks the validity period against the injected clock, the policy's key size and signature algorithm limits, the
/// key usage, and that the certificate names the endpoint's server ApplicationUri. Revocation lists are not read.
/// The folders are read on every call, so a certificate copied to trusted/certs counts on the next connection.
/// </summary>
public sealed class CertificateValidator(PkiDirectory pki, TimeProvider clock, CertificateValidationOptions? options = null)
{
    private readonly CertificateValidationOptions _options = options ?? new CertificateValidationOptions();

    public PkiDirectory Pki { get; } = pki;

    /// <summary>
    /// Validates a ServerCertificate ByteString (the leaf, optionally followed by its issuers as concatenated DER) and
    /// returns the leaf. Throws <see cref="CertificateValidationException"/> when it is refused.
    /// </summary>
    public X509Certificate2 ValidateServerCertificate(
        ReadOnlySpan<byte> serverCertificate, SecurityPolicy policy, string? expectedApplicationUri = null)
    {
        IReadOnlyList<X509Certificate2> chain;
        try
        {
            chain = UaCertificate.LoadChain(serverCertificate);
        }
        catch (CryptographicException e)
        {
            throw new CertificateValidationException(
                CertificateProblems.Invalid, "(unreadable)", "", null, $"The server certificate cannot be read: {e.Message}", e);
        }

        var leaf = chain[0];
        try
        {
            Validate(leaf, chain.Skip(1).ToList(), policy, expectedApplicationUri);
        }
        catch
        {
            leaf.Dispose();
            throw;
        }
        finally
        {
            foreach (var issuer in chain.Skip(1))
            {
                issuer.Dispose();
            }
        }

        return leaf;
    }

    /// <summary>
    /// Validates <paramref name="certificate"/>; <paramref name="sentIssuers"/> are the issuers the server sent with it.
    /// With <see cref="SecurityPolicy.None"/> the key and algorithm limits are not checked (nothing is signed).
    /// </summary>
    public void Validate(
        X509Certificate2 certificate, IReadOnlyList<X509Certificate2> sentIssuers, SecurityPolicy policy, string? expectedApplicationUri = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(sentIssuers);
        ArgumentNullException.ThrowIfNull(policy);

        var now = clock.GetUtcNow().UtcDateTime;
        var trusted = Pki.LoadTrusted();
        var path = BuildPath(certificate, sentIssuers, trusted, now, out var trust, out var chainDetail);
        try
        {
            Judge(certificate, path, trust, chainDetail, policy, expectedApplicationUri, now);
        }
        finally
        {
            foreach (var loaded in trusted.Concat(path.Skip(1)))
            {
                loaded.Dispose();
            }
        }
    }

    private void Judge(
        X509Certificate2 certificate,
        List<X509Certificate2> path,
        Trust trust,
        string chainDetail,
        SecurityPolicy policy,
        string? expectedApplicationUri,
        DateTime now)
    {
        var reasons = new List<string>();
        var problems = CertificateProblems.None;
        switch (trust)
        {
            case Trust.Untrusted:
                problems |= CertificateProblems.Untrusted;
                reasons.Add($"it is not trusted: neither it nor an issuer of it is in {Pki.TrustedCertificates}{chainDetail}");
                break;
            case Trust.Broken:
                problems |= CertificateProblems.Invalid;
                reasons.Add($"its chain to a trusted issuer is invalid{chainDetail}");
                break;
        }

        CheckValidity(certificate, path, now, ref problems, reasons);
        if (!policy.IsNone)
        {
            CheckPolicy(certificate, path, policy, ref problems, reasons);
        }

        if (certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } keyUsage
            && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            problems |= CertificateProblems.UseNotAllowed;
            reasons.Add("its key usage does not include digitalSignature");
        }

        if (!string.IsNullOrEmpty(expectedApplicationUri))
        {
            var uris = UaCertificate.GetApplicationUris(certificate);
            if (!uris.Contains(expectedApplicationUri, StringComparer.Ordinal))
            {
                problems |= CertificateProblems.ApplicationUriMismatch;
                reasons.Add(uris.Count == 0
                    ? $"it names no application URI, but the endpoint's server is '{expectedApplicationUri}'"
                    : $"it names application URI '{string.Join("', '", uris)}', but the endpoint's server is '{expectedApplicationUri}'");
            }
        }

        if (problems == CertificateProblems.None)
        {
            return;
        }

        var who = $"The server certificate '{certificate.Subject}' (SHA-1 thumbprint {certificate.Thumbprint})";
        if (problems == CertificateProblems.Untrusted && _options.AutoAcceptUntrusted)
        {
            _options.Warning?.Invoke(
                $"{who} is not in the trust list and was accepted only because AutoAcceptUntrusted is on. " +
                $"Trust it explicitly with `{_options.TrustCommand} {certificate.Thumbprint}` and turn AutoAcceptUntrusted off.");
            return;
        }

        string? rejectedCopy = null;
        var message = $"{who} was rejected: {string.Join("; ", reasons)}.";
        if (problems.HasFlag(CertificateProblems.Untrusted))
        {
            if (_options.SaveRejected)
            {
                rejectedCopy = Pki.SaveRejected(certificate);
                message += $" A copy was saved to {rejectedCopy}. If you trust this server, copy that file to " +
                           $"{Pki.TrustedCertificates}, or run `{_options.TrustCommand} {certificate.Thumbprint}`.";
            }
            else
            {
                message += $" If you trust this server, copy its certificate to {Pki.TrustedCertificates}.";
            }
        }

        throw new CertificateValidationException(problems, certificate.Subject, certificate.Thumbprint, rejectedCopy, message);
    }

    private enum Trust
    {
        Trusted,
        Untrusted,
        Broken,
    }

    /// <summary>The certification path, leaf first, as far as it could be built.</summary>
    private List<X509Certificate2> BuildPath(
        X509Certificate2 certificate,
        IReadOnlyList<X509Certificate2> sentIssuers,
        IReadOnlyList<X509Certificate2> trusted,
        DateTime now,
        out Trust trust,
        out string detail)
    {
        detail = "";
        if (trusted.Any(t => t.RawData.AsSpan().SequenceEqual(certificate.RawData)))
        {
            trust = Trust.Trusted;
            return [certificate];
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(trusted.ToArray());
        var issuers = Pki.LoadIssuers();
        policy.ExtraStore.AddRange(issuers.Concat(sentIssuers).ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now;

        // Validity is checked against the injected clock below, with clearer messages.
        policy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;

        var built = chain.Build(certificate);
        foreach (var issuer in issuers)
        {
            issuer.Dispose();
        }

        // Disposing the chain disposes its elements' certificates, so the path keeps copies (the leaf is the caller's).
        var path = new List<X509Certificate2> { certificate };
        path.AddRange(chain.ChainElements.Skip(1).Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)));

        var root = path[^1];
        var reachesTrusted = trusted.Any(t => t.RawData.AsSpan().SequenceEqual(root.RawData));
        if (built && reachesTrusted)
        {
            trust = Trust.Trusted;
            return path;
        }

        var statuses = chain.ChainStatus
            .Where(s => s.Status is not (X509ChainStatusFlags.NotTimeValid or X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain))
            .Select(s => s.StatusInformation.Trim())
            .Where(s => s.Length > 0)
            .Distinct()
            .ToList();
        if (reachesTrusted)
        {
            trust = Trust.Broken;
            detail = statuses.Count > 0 ? $" ({string.Join(", ", statuses)})" : "";
            return path;
        }

        trust = Trust.Untrusted;
        if (!IsSelfSigned(root))
        {
            detail = $" (the issuer '{root.Issuer}' was not found in {Pki.IssuerCertificates} or {Pki.TrustedCertificates})";
        }

        return path;
    }

    private static void CheckValidity(
        X509Certificate2 certificate, List<X509Certificate2> path, DateTime now, ref CertificateProblems problems, List<string> reasons)
    {
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        if (now > notAfter)
        {
            problems |= CertificateProblems.Expired;
            reasons.Add($"it expired on {notAfter:u} (now {now:u})");
        }
        else if (now < notBefore)
        {
            problems |= CertificateProblems.NotYetValid;
            reasons.Add($"it is not valid before {notBefore:u} (now {now:u}); check the clocks of both machines");
        }

        foreach (var issuer in path.Skip(1))
        {
            var from = issuer.NotBefore.ToUniversalTime();
            var to = issuer.NotAfter.ToUniversalTime();
            if (now < from || now > to)
            {
                problems |= CertificateProblems.IssuerTimeInvalid;
                reasons.Add($"its issuer '{issuer.Subject}' is valid only from {from:u} to {to:u} (now {now:u})");
            }
        }
    }

    private static void CheckPolicy(
        X509Certificate2 certificate, List<X509Certificate2> path, SecurityPolicy policy, ref CertificateProblems problems, List<string> reasons)
    {
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is null)
            {
                problems |= CertificateProblems.KeySizeNotAllowed;
                reasons.Add($"it has no RSA key, which {policy.Name} needs");
            }
            else if (!policy.IsKeySizeAllowed(rsa.KeySize))
            {
                problems |= CertificateProblems.KeySizeNotAllowed;
                reasons.Add($"its RSA key has {rsa.KeySize} bits; {policy.Name} needs {policy.MinAsymmetricKeyLengthBits} to " +
                            $"{policy.MaxAsymmetricKeyLengthBits}");
            }
        }

        // A trust anchor's signature on itself proves nothing, so its algorithm does not matter; every other link does.
        for (var i = 0; i < path.Count; i++)
        {
            var link = path[i];
            if (i > 0 && i == path.Count - 1 && IsSelfSigned(link))
            {
                continue;
            }

            if (!policy.IsCertificateSignatureAlgorithmAllowed(link.SignatureAlgorithm.Value))
            {
                problems |= CertificateProblems.SignatureAlgorithmNotAllowed;
                var name = link.SignatureAlgorithm.FriendlyName ?? link.SignatureAlgorithm.Value;
                reasons.Add(i == 0
                    ? $"it is signed with {name}; {policy.Name} needs SHA-256 or stronger"
                    : $"its issuer '{link.Subject}' is signed with {name}; {policy.Name} needs SHA-256 or stronger");
            }
        }
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
