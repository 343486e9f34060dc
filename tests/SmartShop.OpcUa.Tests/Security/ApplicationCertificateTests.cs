using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SmartShop.OpcUa.Security;
using SmartShop.Testing;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class ApplicationCertificateTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(TestCertificates.Now);
    private readonly List<string> _warnings = [];

    public void Dispose() => _temp.Dispose();

    private PkiDirectory Pki => new(Path.Combine(_temp.Path, "pki"));

    private ApplicationCertificateOptions Options(string uri = "urn:line1-pc:SmartShop:MES") => new()
    {
        ApplicationName = "SmartShop MES",
        ApplicationUri = uri,
        HostName = "line1-pc",
        Lifetime = TimeSpan.FromDays(5 * 365),
        Warning = _warnings.Add,
    };

    [Fact]
    public void LoadOrCreate_EmptyPki_CreatesReferenceLayout()
    {
        var pki = Pki;

        using var certificate = ApplicationCertificate.LoadOrCreate(pki, Options(), _clock);

        var name = $"SmartShop MES [{certificate.Thumbprint}]";
        Assert.True(File.Exists(Path.Combine(pki.Root, "own", "certs", name + ".der")));
        Assert.True(File.Exists(Path.Combine(pki.Root, "own", "private", name + ".pem")));
        Assert.True(Directory.Exists(Path.Combine(pki.Root, "trusted", "certs")));
        Assert.True(Directory.Exists(Path.Combine(pki.Root, "issuers", "certs")));
        Assert.True(Directory.Exists(Path.Combine(pki.Root, "rejected", "certs")));
        Assert.Equal(certificate.RawData, File.ReadAllBytes(Path.Combine(pki.OwnCertificates, name + ".der")));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(pki.OwnPrivateKeys, name + ".pem")));
    }

    [Fact]
    public void LoadOrCreate_EmptyPki_PrivateKeyReadableByOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows uses ACLs; the Unix mode is what this test checks.
        }

        var pki = Pki;
        using var certificate = ApplicationCertificate.LoadOrCreate(pki, Options(), _clock);

        var keyFile = Directory.GetFiles(pki.OwnPrivateKeys).Single();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(pki.OwnPrivateKeys));
    }

    [Fact]
    public void LoadOrCreate_SecondRun_ReloadsSameCertificateWithKey()
    {
        using var first = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);
        _clock.Advance(TimeSpan.FromDays(400));

        using var second = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);

        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
        Assert.Single(Directory.GetFiles(Pki.OwnCertificates));
        Assert.Empty(_warnings);
        var signature = SecurityPolicy.Basic256Sha256.AsymmetricSign("data"u8, second);
        Assert.True(SecurityPolicy.Basic256Sha256.AsymmetricVerify("data"u8, signature, first));
        var firstSignature = SecurityPolicy.Basic256Sha256.AsymmetricSign("data"u8, first);
        Assert.True(SecurityPolicy.Basic256Sha256.AsymmetricVerify("data"u8, firstSignature, second));
    }

    [Fact]
    public void LoadOrCreate_NewCertificate_HasOpcUaApplicationInstanceContents()
    {
        using var certificate = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);

        Assert.Equal("CN=SmartShop MES, O=SmartShop", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(3, certificate.Version);
        Assert.Equal("1.2.840.113549.1.1.11", certificate.SignatureAlgorithm.Value); // sha256RSA
        Assert.Equal(2048, SecurityPolicy.GetKeySizeBits(certificate));
        Assert.Equal(["urn:line1-pc:SmartShop:MES"], UaCertificate.GetApplicationUris(certificate));
        Assert.Equal(["line1-pc"], UaCertificate.GetDnsNames(certificate));
        Assert.Equal(TestCertificates.Now.AddDays(-1).UtcDateTime, certificate.NotBefore.ToUniversalTime());
        Assert.Equal(TestCertificates.Now.AddDays(5 * 365).UtcDateTime, certificate.NotAfter.ToUniversalTime());

        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.False(basic.CertificateAuthority);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment
            | X509KeyUsageFlags.DataEncipherment | X509KeyUsageFlags.KeyCertSign,
            usage.KeyUsages);
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.NotNull(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault());
        Assert.NotNull(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().SingleOrDefault());
    }

    [Fact]
    public void LoadOrCreate_ConfiguredLifetime_SetsNotAfter()
    {
        using var certificate = ApplicationCertificate.LoadOrCreate(Pki, Options() with { Lifetime = TimeSpan.FromDays(30) }, _clock);

        Assert.Equal(TestCertificates.Now.AddDays(30).UtcDateTime, certificate.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void LoadOrCreate_StoredCertificateExpired_CreatesNewOneAndWarns()
    {
        using var old = ApplicationCertificate.LoadOrCreate(Pki, Options() with { Lifetime = TimeSpan.FromDays(30) }, _clock);
        _clock.Advance(TimeSpan.FromDays(31));

        using var renewed = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);

        Assert.NotEqual(old.Thumbprint, renewed.Thumbprint);
        Assert.Equal(2, Directory.GetFiles(Pki.OwnCertificates).Length);
        Assert.Contains(_warnings, w => w.Contains("not valid now", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadOrCreate_ExpiredAndValidCertificatesStored_LoadsValidOneSilently()
    {
        using var old = ApplicationCertificate.LoadOrCreate(Pki, Options() with { Lifetime = TimeSpan.FromDays(30) }, _clock);
        _clock.Advance(TimeSpan.FromDays(31));
        using var renewed = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);
        _warnings.Clear();

        using var loaded = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);

        Assert.Equal(renewed.Thumbprint, loaded.Thumbprint);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void LoadOrCreate_OtherApplicationUri_CreatesCertificateForThatUri()
    {
        using var first = ApplicationCertificate.LoadOrCreate(Pki, Options("urn:line1-pc:SmartShop:MES"), _clock);

        using var second = ApplicationCertificate.LoadOrCreate(Pki, Options("urn:line1-pc:SmartShop:Cli"), _clock);

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.Equal("urn:line1-pc:SmartShop:Cli", UaCertificate.GetApplicationUri(second));
    }

    [Fact]
    public void LoadOrCreate_PrivateKeyMissing_CreatesNewOneAndWarns()
    {
        using var first = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);
        File.Delete(Directory.GetFiles(Pki.OwnPrivateKeys).Single());

        using var second = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
        Assert.Contains(_warnings, w => w.Contains("no private key", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadOrCreate_KeyFileReadableByOthers_Warns()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var first = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);
        File.SetUnixFileMode(Directory.GetFiles(Pki.OwnPrivateKeys).Single(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        using var second = ApplicationCertificate.LoadOrCreate(Pki, Options(), _clock);

        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.Contains(_warnings, w => w.Contains("chmod 600", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_UriWithCharactersUriClassWouldEscape_KeepsUriExactly()
    {
        // System.Uri would turn the space into %20; the certificate must carry what CreateSession sends.
        using var certificate = ApplicationCertificate.Create(Options("urn:line1-pc:SmartShop:MES line 1"), _clock);

        Assert.Equal("urn:line1-pc:SmartShop:MES line 1", UaCertificate.GetApplicationUri(certificate));
    }

    [Fact]
    public void Create_NonAsciiUri_Throws()
    {
        Assert.Throws<ArgumentException>(() => ApplicationCertificate.Create(Options("urn:Straße:SmartShop"), _clock));
    }
}
