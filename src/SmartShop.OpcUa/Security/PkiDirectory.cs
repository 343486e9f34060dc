using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartShop.OpcUa.Security;

/// <summary>
/// A PKI folder laid out like the OPC UA reference stacks' directory stores, so integrators can manage it the way
/// they manage UaExpert's or the .NET stack's:
/// <code>
/// pki/own/certs/&lt;name&gt; [&lt;thumbprint&gt;].der        our application instance certificate
/// pki/own/private/&lt;name&gt; [&lt;thumbprint&gt;].pem      its PKCS#8 private key, mode 0600 (folder 0700)
/// pki/trusted/certs/                         servers (or their CAs) we trust
/// pki/issuers/certs/                         CA certificates that complete chains but are not trusted by themselves
/// pki/rejected/certs/                        servers we refused, to inspect and move to trusted/certs
/// </code>
/// Certificates in trusted and issuers may be DER or PEM (.der, .cer, .crt, .pem).
/// </summary>
public sealed class PkiDirectory
{
    /// <summary>Oldest files are deleted beyond this many, so a server that changes certificates cannot fill the disk.</summary>
    public const int MaxRejectedCertificates = 100;

    private static readonly string[] CertificateExtensions = [".der", ".cer", ".crt", ".pem"];

    public PkiDirectory(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string OwnCertificates => Path.Combine(Root, "own", "certs");

    public string OwnPrivateKeys => Path.Combine(Root, "own", "private");

    public string TrustedCertificates => Path.Combine(Root, "trusted", "certs");

    public string IssuerCertificates => Path.Combine(Root, "issuers", "certs");

    public string RejectedCertificates => Path.Combine(Root, "rejected", "certs");

    /// <summary>Creates the folders that are missing; own/private is readable by the owner only.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(OwnCertificates);
        Directory.CreateDirectory(TrustedCertificates);
        Directory.CreateDirectory(IssuerCertificates);
        Directory.CreateDirectory(RejectedCertificates);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(OwnPrivateKeys);
        }
        else
        {
            Directory.CreateDirectory(OwnPrivateKeys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The certificates in trusted/certs; unreadable files are skipped.</summary>
    public IReadOnlyList<X509Certificate2> LoadTrusted() => LoadFolder(TrustedCertificates);

    /// <summary>The certificates in issuers/certs; unreadable files are skipped.</summary>
    public IReadOnlyList<X509Certificate2> LoadIssuers() => LoadFolder(IssuerCertificates);

    /// <summary>Copies a certificate into trusted/certs (DER); returns the file's path.</summary>
    public string AddTrusted(X509Certificate2 certificate) => Write(TrustedCertificates, certificate);

    /// <summary>Copies a certificate into issuers/certs (DER); returns the file's path.</summary>
    public string AddIssuer(X509Certificate2 certificate) => Write(IssuerCertificates, certificate);

    /// <summary>Saves a refused certificate to rejected/certs (DER), keeping at most <see cref="MaxRejectedCertificates"/>.</summary>
    public string SaveRejected(X509Certificate2 certificate)
    {
        var path = Write(RejectedCertificates, certificate);
        var files = new DirectoryInfo(RejectedCertificates).GetFiles()
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .Skip(MaxRejectedCertificates);
        foreach (var old in files)
        {
            old.Delete();
        }

        return path;
    }

    /// <summary>
    /// Trusts a certificate from rejected/certs by its SHA-1 thumbprint (what `smartshop ua trust &lt;thumbprint&gt;`
    /// does): moves it to trusted/certs and returns the new path. Throws <see cref="FileNotFoundException"/> when
    /// no rejected certificate has that thumbprint.
    /// </summary>
    public string TrustRejected(string thumbprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(thumbprint);
        var wanted = thumbprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (Directory.Exists(RejectedCertificates))
        {
            foreach (var file in Directory.EnumerateFiles(RejectedCertificates))
            {
                using var certificate = TryLoad(file);
                if (certificate is not null && string.Equals(certificate.Thumbprint, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    var path = Write(TrustedCertificates, certificate);
                    File.Delete(file);
                    return path;
                }
            }
        }

        throw new FileNotFoundException(
            $"No certificate with SHA-1 thumbprint {wanted} is in {RejectedCertificates}.");
    }

    private static string Write(string folder, X509Certificate2 certificate)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, UaCertificate.GetFileName(certificate, ".der"));
        File.WriteAllBytes(path, certificate.RawData);
        return path;
    }

    private static List<X509Certificate2> LoadFolder(string folder)
    {
        var certificates = new List<X509Certificate2>();
        if (!Directory.Exists(folder))
        {
            return certificates;
        }

        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (CertificateExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase)
                && TryLoad(file) is { } certificate)
            {
                certificates.Add(certificate);
            }
        }

        return certificates;
    }

    private static X509Certificate2? TryLoad(string file)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(file);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
