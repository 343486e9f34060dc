using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartShop.OpcUa.Security;

/// <summary>What the application instance certificate says about us.</summary>
public sealed record ApplicationCertificateOptions
{
    /// <summary>The subject's CN, and the file name stem in the PKI folder, e.g. "SmartShop MES".</summary>
    public required string ApplicationName { get; init; }

    /// <summary>
    /// The ApplicationUri, e.g. "urn:line1-pc:SmartShop:MES". It goes into subjectAltName and must be exactly what
    /// CreateSession sends as clientDescription.applicationUri: servers compare the two. ASCII only.
    /// </summary>
    public required string ApplicationUri { get; init; }

    /// <summary>DNS name (or IP address) of this host for subjectAltName; defaults to the machine's host name.</summary>
    public string HostName { get; init; } = Dns.GetHostName();

    /// <summary>The subject's O attribute.</summary>
    public string Organization { get; init; } = "SmartShop";

    /// <summary>How long a new certificate is valid (from one day before its creation, for clock skew). Default 5 years.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(5 * 365);

    /// <summary>RSA key size of a new certificate; 2048 fits every RSA policy (Basic256Sha256 allows 2048 to 4096).</summary>
    public int KeySizeBits { get; init; } = 2048;

    /// <summary>Receives a line when an existing certificate is replaced or a key file is readable by others.</summary>
    public Action<string>? Warning { get; init; }
}

/// <summary>
/// The application instance certificate: created on first use (RSA, SHA-256, self-signed) in the PKI folder, and
/// loaded from there on later runs as long as it is valid and names the configured ApplicationUri.
/// </summary>
public static class ApplicationCertificate
{
    // Allowed for clock skew between us and the servers (the reference stacks backdate by a day as well).
    private static readonly TimeSpan Backdate = TimeSpan.FromDays(1);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    /// <summary>
    /// Returns our certificate with its private key: the newest one in own/certs that is valid now, names
    /// <see cref="ApplicationCertificateOptions.ApplicationUri"/> and has its key in own/private; otherwise a new one,
    /// written to own/certs (DER) and own/private (PKCS#8 PEM, mode 0600).
    /// </summary>
    public static X509Certificate2 LoadOrCreate(PkiDirectory pki, ApplicationCertificateOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        pki.EnsureCreated();

        var now = clock.GetUtcNow();
        var existing = TryLoadExisting(pki, options, now);
        if (existing is not null)
        {
            return existing;
        }

        var created = Create(options, clock);
        Save(pki, created);
        return created;
    }

    /// <summary>Creates a self-signed application instance certificate in memory (OPC 10000-6 6.2.2).</summary>
    public static X509Certificate2 Create(ApplicationCertificateOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApplicationName);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApplicationUri);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Lifetime, TimeSpan.Zero);

        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(options.ApplicationName);
        subject.AddOrganizationName(options.Organization);

        using var rsa = RSA.Create(options.KeySizeBits);
        var request = new CertificateRequest(subject.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // Self-signed application certificates are not CAs but still carry keyCertSign (OPC 10000-6 6.2.2).
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(subjectKeyId);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment
            | X509KeyUsageFlags.DataEncipherment | X509KeyUsageFlags.KeyCertSign,
            critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], critical: false));
        request.CertificateExtensions.Add(UaCertificate.BuildSubjectAltName(options.ApplicationUri, [options.HostName]));

        var now = clock.GetUtcNow();
        var notBefore = TruncateToSeconds(now - Backdate);
        var notAfter = TruncateToSeconds(now + options.Lifetime);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        using var certificate = request.Create(request.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
            notBefore, notAfter, serial);
        return certificate.CopyWithPrivateKey(rsa);
    }

    private static X509Certificate2? TryLoadExisting(PkiDirectory pki, ApplicationCertificateOptions options, DateTimeOffset now)
    {
        X509Certificate2? best = null;
        var unusable = new List<string>();
        foreach (var file in Directory.EnumerateFiles(pki.OwnCertificates, "*.der"))
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadCertificateFromFile(file);
            }
            catch (CryptographicException)
            {
                continue;
            }

            if (!UaCertificate.GetApplicationUris(certificate).Contains(options.ApplicationUri, StringComparer.Ordinal))
            {
                certificate.Dispose();
                continue;
            }

            var keyFile = Path.Combine(pki.OwnPrivateKeys, Path.ChangeExtension(Path.GetFileName(file), ".pem"));
            if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime || certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
            {
                unusable.Add($"The application certificate {file} is not valid now (valid {certificate.NotBefore.ToUniversalTime():u} " +
                             $"to {certificate.NotAfter.ToUniversalTime():u}).");
                certificate.Dispose();
                continue;
            }

            if (!File.Exists(keyFile))
            {
                unusable.Add($"The application certificate {file} has no private key at {keyFile}.");
                certificate.Dispose();
                continue;
            }

            var withKey = AttachPrivateKey(certificate, keyFile, options.Warning, unusable);
            certificate.Dispose();
            if (withKey is null)
            {
                continue;
            }

            if (best is null || withKey.NotAfter > best.NotAfter)
            {
                best?.Dispose();
                best = withKey;
            }
            else
            {
                withKey.Dispose();
            }
        }

        // Only worth saying when it leads to a new certificate, which servers that trusted the old one must trust anew.
        if (best is null)
        {
            foreach (var note in unusable)
            {
                options.Warning?.Invoke($"{note} A new application certificate is created; servers must trust it.");
            }
        }

        return best;
    }

    private static X509Certificate2? AttachPrivateKey(
        X509Certificate2 certificate, string keyFile, Action<string>? warning, List<string> unusable)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(keyFile);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                warning?.Invoke($"The private key {keyFile} is readable by other users; restrict it with chmod 600.");
            }
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(File.ReadAllText(keyFile));
            return certificate.CopyWithPrivateKey(rsa);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            unusable.Add($"The private key {keyFile} cannot be used with its certificate ({e.Message}).");
            return null;
        }
    }

    private static void Save(PkiDirectory pki, X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPrivateKey()!;
        var keyPath = Path.Combine(pki.OwnPrivateKeys, UaCertificate.GetFileName(certificate, ".pem"));
        var keyOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            keyOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // The key first: a certificate file without its key is ignored on the next run, the reverse would be orphaned.
        using (var writer = new StreamWriter(keyPath, keyOptions))
        {
            writer.Write(rsa.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllBytes(Path.Combine(pki.OwnCertificates, UaCertificate.GetFileName(certificate, ".der")), certificate.RawData);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
