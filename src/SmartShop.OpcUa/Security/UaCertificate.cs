using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SmartShop.OpcUa.Security;

/// <summary>Reads what OPC UA puts in and around X.509 certificates: DER chains, the application URI, host names.</summary>
public static class UaCertificate
{
    /// <summary>More certificates than any real chain has; bounds what a broken or hostile server can make us parse.</summary>
    public const int MaxChainLength = 16;

    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag DnsNameTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);
    private static readonly Asn1Tag IpAddressTag = new(TagClass.ContextSpecific, 7);

    /// <summary>
    /// Splits a ServerCertificate / SenderCertificate ByteString, which may hold the leaf followed by its issuers as
    /// concatenated DER, into certificates (leaf first). Throws <see cref="CryptographicException"/> for bytes that
    /// are not DER certificates.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> LoadChain(ReadOnlySpan<byte> derCertificates)
    {
        if (derCertificates.IsEmpty)
        {
            throw new CryptographicException("The certificate is empty.");
        }

        var chain = new List<X509Certificate2>();
        var rest = derCertificates;
        while (!rest.IsEmpty)
        {
            if (chain.Count == MaxChainLength)
            {
                throw new CryptographicException($"The certificate chain has more than {MaxChainLength} certificates.");
            }

            int consumed;
            try
            {
                AsnDecoder.ReadEncodedValue(rest, AsnEncodingRules.DER, out _, out _, out consumed);
            }
            catch (AsnContentException e)
            {
                throw new CryptographicException("The certificate data is not DER encoded.", e);
            }

            chain.Add(X509CertificateLoader.LoadCertificate(rest[..consumed]));
            rest = rest[consumed..];
        }

        return chain;
    }

    /// <summary>The uniformResourceIdentifier entries of the subjectAltName extension (OPC UA puts the ApplicationUri there).</summary>
    public static IReadOnlyList<string> GetApplicationUris(X509Certificate2 certificate) => ReadSubjectAltNames(certificate, UriTag);

    /// <summary>The first application URI, or null when the certificate has none.</summary>
    public static string? GetApplicationUri(X509Certificate2 certificate) =>
        GetApplicationUris(certificate) is [var first, ..] ? first : null;

    /// <summary>The dNSName entries of the subjectAltName extension.</summary>
    public static IReadOnlyList<string> GetDnsNames(X509Certificate2 certificate) => ReadSubjectAltNames(certificate, DnsNameTag);

    /// <summary>The SHA-1 hash of the DER certificate: ReceiverCertificateThumbprint in the asymmetric security header (20 bytes).</summary>
    public static byte[] GetSha1Thumbprint(X509Certificate2 certificate) => certificate.GetCertHash(HashAlgorithmName.SHA1);

    /// <summary>The subject's common name, or the whole subject when it has none.</summary>
    public static string GetCommonName(X509Certificate2 certificate)
    {
        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrWhiteSpace(cn) ? certificate.Subject : cn;
    }

    /// <summary>The file name the reference stacks use in a PKI folder: "&lt;common name&gt; [&lt;SHA-1 thumbprint&gt;]" plus the extension.</summary>
    public static string GetFileName(X509Certificate2 certificate, string extension) =>
        $"{ToFileNamePart(GetCommonName(certificate))} [{certificate.Thumbprint}]{extension}";

    /// <summary>
    /// Builds the subjectAltName extension of an application instance certificate: the application URI (kept exactly
    /// as given, since servers compare it with the ApplicationUri of CreateSession) and the host names, IP addresses as
    /// iPAddress entries.
    /// </summary>
    public static X509Extension BuildSubjectAltName(string applicationUri, IEnumerable<string> hostNames)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, RequireAscii(applicationUri, "application URI"), UriTag);
            foreach (var host in hostNames.Where(h => !string.IsNullOrWhiteSpace(h)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (IPAddress.TryParse(host, out var address))
                {
                    writer.WriteOctetString(address.GetAddressBytes(), IpAddressTag);
                }
                else
                {
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, RequireAscii(host, "host name"), DnsNameTag);
                }
            }
        }

        return new X509Extension(SubjectAltNameOid, writer.Encode(), critical: false);
    }

    private static List<string> ReadSubjectAltNames(X509Certificate2 certificate, Asn1Tag wanted)
    {
        var names = new List<string>();
        var extension = certificate.Extensions[SubjectAltNameOid];
        if (extension is null)
        {
            return names;
        }

        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            while (sequence.HasData)
            {
                if (sequence.PeekTag() == wanted)
                {
                    names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, wanted));
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension names nothing; the caller then reports the URI as missing.
            names.Clear();
        }

        return names;
    }

    private static string RequireAscii(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || !Ascii.IsValid(value))
        {
            throw new ArgumentException($"The {what} '{value}' must be non-empty ASCII (an IA5String in the certificate).");
        }

        return value;
    }

    private static string ToFileNamePart(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString().Trim();
    }
}
