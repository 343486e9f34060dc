using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

/// <summary>
/// Real RSA keys and certificates for tests. Key generation is slow (a 4096-bit key takes about a second), so each key
/// size is generated once and every caller gets its own RSA object imported from the saved key.
/// </summary>
internal static class TestCertificates
{
    public static readonly DateTimeOffset Now = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<byte[]> ServerKey2048 = new(() => Generate(2048));
    private static readonly Lazy<byte[]> OtherKey2048 = new(() => Generate(2048));
    private static readonly Lazy<byte[]> CaKey2048 = new(() => Generate(2048));
    private static readonly Lazy<byte[]> ServerKey4096 = new(() => Generate(4096));
    private static readonly Lazy<byte[]> WeakKey1024 = new(() => Generate(1024));

    public static RSA ServerKey() => Import(ServerKey2048.Value);

    public static RSA OtherKey() => Import(OtherKey2048.Value);

    public static RSA CaKey() => Import(CaKey2048.Value);

    public static RSA LargeKey() => Import(ServerKey4096.Value);

    public static RSA WeakKey() => Import(WeakKey1024.Value);

    /// <summary>A self-signed server certificate like node-opcua's, valid a year around <see cref="Now"/> unless told otherwise.</summary>
    public static X509Certificate2 SelfSigned(
        RSA key,
        string commonName = "PLC Sim",
        string applicationUri = "urn:plc-sim:server",
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        HashAlgorithmName? hash = null,
        X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation
            | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment | X509KeyUsageFlags.KeyCertSign)
    {
        var request = LeafRequest(key, commonName, applicationUri, HashAlgorithmName.SHA256, usage);
        var from = notBefore ?? Now.AddDays(-30);
        var to = notAfter ?? Now.AddDays(335);
        if (hash == HashAlgorithmName.SHA1)
        {
            // .NET no longer signs certificates with SHA-1, but old PLCs still present such certificates.
            using var unsigned = request.Create(request.SubjectName, new Sha1SignatureGenerator(key), from, to, RandomNumberGenerator.GetBytes(8));
            return unsigned.CopyWithPrivateKey(key);
        }

        return request.CreateSelfSigned(from, to);
    }

    /// <summary>A CA certificate with its private key.</summary>
    public static X509Certificate2 CertificateAuthority(RSA key, string commonName = "Plant CA", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest($"CN={commonName}, O=ACME", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(notBefore ?? Now.AddYears(-2), notAfter ?? Now.AddYears(8));
    }

    /// <summary>A server certificate signed by <paramref name="ca"/> (which must carry its private key).</summary>
    public static X509Certificate2 IssuedBy(
        X509Certificate2 ca, RSA key, string commonName = "Line PLC", string applicationUri = "urn:line-plc:server")
    {
        var request = LeafRequest(key, commonName, applicationUri, HashAlgorithmName.SHA256,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment
            | X509KeyUsageFlags.DataEncipherment);
        var caKeyId = ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(caKeyId));
        using var issued = request.Create(ca, Now.AddDays(-30), Now.AddDays(335), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate without its private key, as a peer sees it.</summary>
    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static CertificateRequest LeafRequest(
        RSA key, string commonName, string applicationUri, HashAlgorithmName hash, X509KeyUsageFlags usage)
    {
        var request = new CertificateRequest($"CN={commonName}, O=ACME", key, hash, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        request.CertificateExtensions.Add(UaCertificate.BuildSubjectAltName(applicationUri, ["plc-sim.local"]));
        return request;
    }

    private static byte[] Generate(int bits)
    {
        using var rsa = RSA.Create(bits);
        return rsa.ExportPkcs8PrivateKey();
    }

    private static RSA Import(byte[] pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa;
    }
}

/// <summary>Signs with sha1WithRSAEncryption whatever hash the request names.</summary>
internal sealed class Sha1SignatureGenerator(RSA key) : X509SignatureGenerator
{
    // AlgorithmIdentifier { sha1WithRSAEncryption, NULL }
    private static readonly byte[] Sha1WithRsa = Convert.FromHexString("300D06092A864886F70D0101050500");

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => Sha1WithRsa;

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
        key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

    protected override PublicKey BuildPublicKey() => new(key);
}

/// <summary>A fresh directory under the temp folder, deleted at the end of the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smartshop-pki-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
