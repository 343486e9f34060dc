using System.CommandLine;
using System.Globalization;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.Server.Data;

namespace SmartShop.Server.Plc;

/// <summary>
/// <c>smartshop ua …</c>: an OPC UA command-line client for integrators, usable against any server (plc-sim, a PLC,
/// a gateway). It uses the same client stack and PKI folder as the MES, so a server certificate trusted here is
/// trusted by the MES too.
/// </summary>
public static class UaCommands
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var url = new Argument<string>("endpoint-url") { Description = "opc.tcp://host:port[/path]" };
        var security = new Option<string>("--security")
        {
            Description = "none, sign or signandencrypt (default signandencrypt; none is insecure and warns)",
            DefaultValueFactory = _ => "signandencrypt",
        };
        var user = new Option<string?>("--user") { Description = "User name (default: anonymous)" };
        var password = new Option<string?>("--password") { Description = "Password for --user" };
        var pki = new Option<string?>("--pki") { Description = "PKI folder (default: <data directory>/pki)" };
        var autoAccept = new Option<bool>("--auto-accept") { Description = "Trust an unknown server certificate (prints a warning)" };

        var endpoints = new Command("endpoints", "List the server's endpoints: security policy, mode, user tokens, certificate") { url };
        endpoints.SetAction(async (parse, ct) =>
        {
            var found = await UaClient.GetEndpointsAsync(parse.GetValue(url)!, TimeProvider.System, cancellationToken: ct);
            foreach (var e in found.OrderByDescending(e => e.SecurityLevel))
            {
                var policy = SecurityPolicy.FromUri(e.SecurityPolicyUri ?? string.Empty)?.Name ?? e.SecurityPolicyUri;
                var tokens = string.Join(", ", (e.UserIdentityTokens ?? []).Select(t => t.TokenType.ToString()));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{e.EndpointUrl}  {policy} {e.SecurityMode}  level {e.SecurityLevel}  users [{tokens}]  server {e.Server.ApplicationUri}"));
            }

            return 0;
        });

        var nodes = new Argument<string[]>("node-id") { Description = "NodeIds (ns=2;s=…, nsu=urn:…;s=…, i=2258)", Arity = ArgumentArity.OneOrMore };
        var read = new Command("read", "Read the Value attribute of one or more nodes") { url, nodes, security, user, password, pki, autoAccept };
        read.SetAction(async (parse, ct) =>
        {
            await using var client = await ConnectAsync(parse.GetValue(url)!, parse.GetValue(security)!, parse.GetValue(user), parse.GetValue(password), parse.GetValue(pki), parse.GetValue(autoAccept), error, ct);
            var ids = parse.GetValue(nodes)!;
            var values = await client.ReadAsync([.. ids.Select(id => new ReadValueId { NodeId = client.ResolveNodeId(id) })], ct);
            for (var i = 0; i < ids.Length; i++)
            {
                var v = values[i];
                var source = v.SourceTimestamp.IsMinValue ? "-" : v.SourceTimestamp.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture);
                await output.WriteLineAsync($"{ids[i]} = {v.Value} ({v.Value.BuiltInType})  {v.StatusCode}  source {source}");
            }

            return values.Any(v => v.StatusCode.IsBad) ? 1 : 0;
        });

        var thumbprint = new Argument<string>("thumbprint") { Description = "SHA-1 thumbprint of a certificate in <pki>/rejected/certs" };
        var trust = new Command("trust", "Trust a server certificate that was rejected earlier") { thumbprint, pki };
        trust.SetAction(parse =>
        {
            var folder = new PkiDirectory(PkiPath(parse.GetValue(pki)));
            try
            {
                output.WriteLine($"Trusted: {folder.TrustRejected(parse.GetValue(thumbprint)!)}");
                return 0;
            }
            catch (FileNotFoundException ex)
            {
                error.WriteLine(ex.Message);
                return 1;
            }
        });

        return new Command("ua", "OPC UA client for integrators (any server)") { endpoints, read, trust };
    }

    private static string PkiPath(string? configured) =>
        configured ?? Path.Combine(DatabaseSetup.ResolveDataDirectory(null), "pki");

    private static async Task<UaClient> ConnectAsync(
        string url, string security, string? user, string? password, string? pki, bool autoAccept, TextWriter error, CancellationToken ct)
    {
        var (policy, mode) = security.ToLowerInvariant() switch
        {
            "none" => (SecurityPolicy.None, MessageSecurityMode.None),
            "sign" => (SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign),
            "signandencrypt" => (SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt),
            _ => throw new ArgumentException($"--security '{security}' is not one of none, sign, signandencrypt."),
        };
        return await UaClient.ConnectAsync(
            new UaClientOptions
            {
                EndpointUrl = url,
                SecurityPolicy = policy,
                SecurityMode = mode,
                UserName = user,
                Password = password,
                PkiPath = PkiPath(pki),
                ApplicationName = "SmartShop MES",
                AllowInsecure = mode == MessageSecurityMode.None,
                AutoAcceptUntrustedServerCertificates = autoAccept,
                Warning = message => error.WriteLine($"warning: {message}"),
            },
            TimeProvider.System,
            ct);
    }
}
