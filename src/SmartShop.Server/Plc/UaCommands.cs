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
/// trusted by the MES too. Nodes are given as NodeIds (<c>ns=2;s=…</c>, <c>nsu=urn:…;s=…</c>, <c>i=85</c>) or as
/// browse paths from the Root folder (<c>/Objects/2:Plant/2:Lathe1/2:State</c>, see <see cref="BrowsePathText"/>).
/// </summary>
public static partial class UaCommands
{
    private const string NodeHelp = "NodeId (ns=2;s=…, nsu=urn:…;s=…, i=2258) or browse path (/Objects/2:Plant/2:Lathe1/2:State)";

    public static Command Build(TextWriter output, TextWriter error)
    {
        var url = new Argument<string>("endpoint-url") { Description = "opc.tcp://host:port[/path]" };
        var connection = new ConnectionOptions();

        var endpoints = new Command("endpoints", "List the server's endpoints: security policy, mode, user tokens, certificate") { url };
        endpoints.SetAction(Guarded(error, async (parse, ct) =>
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
        }));

        var nodes = new Argument<string[]>("node-id") { Description = NodeHelp + "; one or more", Arity = ArgumentArity.OneOrMore };
        var read = connection.AddTo(new Command("read", "Read the Value attribute of one or more nodes") { url, nodes });
        read.SetAction(Guarded(error, async (parse, ct) =>
        {
            await using var client = await connection.ConnectAsync(parse, url, error, ct);
            var ids = parse.GetValue(nodes)!;
            var resolved = await ResolveNodesAsync(client, ids, ct);
            var values = await client.ReadAsync([.. resolved.Select(id => new ReadValueId { NodeId = id })], ct);
            for (var i = 0; i < ids.Length; i++)
            {
                var v = values[i];
                await output.WriteLineAsync($"{ids[i]} = {v.Value} ({v.Value.BuiltInType})  {v.StatusCode}  source {Timestamp(v.SourceTimestamp)}");
            }

            return values.Any(v => v.StatusCode.IsBad) ? 1 : 0;
        }));

        var thumbprint = new Argument<string>("thumbprint") { Description = "SHA-1 thumbprint of a certificate in <pki>/rejected/certs" };
        var trust = new Command("trust", "Trust a server certificate that was rejected earlier") { thumbprint, connection.Pki };
        trust.SetAction(parse =>
        {
            var folder = new PkiDirectory(PkiPath(parse.GetValue(connection.Pki)));
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

        return new Command("ua", "OPC UA client for integrators (any server)")
        {
            endpoints,
            read,
            BuildBrowse(url, connection, output, error),
            BuildWrite(url, connection, output, error),
            BuildCall(url, connection, output, error),
            BuildSubscribe(url, connection, output, error),
            UaDiscoverCommand.Build(output, error),
            trust,
        };
    }

    /// <summary>The connection options every verb that opens a session shares.</summary>
    private sealed class ConnectionOptions
    {
        public Option<string> Security { get; } = new("--security")
        {
            Description = "none, sign or signandencrypt (default signandencrypt; none is insecure and warns)",
            DefaultValueFactory = _ => "signandencrypt",
        };

        public Option<string?> User { get; } = new("--user") { Description = "User name (default: anonymous)" };

        public Option<string?> Password { get; } = new("--password") { Description = "Password for --user" };

        public Option<string?> Pki { get; } = new("--pki") { Description = "PKI folder (default: <data directory>/pki)" };

        public Option<bool> AutoAccept { get; } = new("--auto-accept") { Description = "Trust an unknown server certificate (prints a warning)" };

        public Command AddTo(Command command)
        {
            command.Options.Add(Security);
            command.Options.Add(User);
            command.Options.Add(Password);
            command.Options.Add(Pki);
            command.Options.Add(AutoAccept);
            return command;
        }

        public Task<UaClient> ConnectAsync(ParseResult parse, Argument<string> url, TextWriter error, CancellationToken ct) =>
            UaCommands.ConnectAsync(
                parse.GetValue(url)!, parse.GetValue(Security)!, parse.GetValue(User), parse.GetValue(Password), parse.GetValue(Pki), parse.GetValue(AutoAccept), error, ct);
    }

    /// <summary>
    /// Expected failures (unreachable server, untrusted certificate, bad node text, unknown type, a value that does
    /// not convert) are one line on standard error and exit code 1, never a stack trace.
    /// </summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Guarded(TextWriter error, Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parse, ct) =>
        {
            try
            {
                return await action(parse, ct);
            }
            catch (Exception ex) when (ex is UaException or CertificateValidationException or FormatException or ArgumentException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        };

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

    /// <summary>A node argument: a browse path if it starts with '/', else a NodeId (resolved with the server's namespaces).</summary>
    private static async Task<NodeId> ResolveNodeAsync(UaClient client, string text, CancellationToken ct) =>
        text.StartsWith('/') ? await client.ResolveBrowsePathAsync(text, ct) : client.ResolveNodeId(text);

    private static async Task<NodeId[]> ResolveNodesAsync(UaClient client, IReadOnlyList<string> texts, CancellationToken ct)
    {
        var ids = new NodeId[texts.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await ResolveNodeAsync(client, texts[i], ct);
        }

        return ids;
    }

    /// <summary>A NodeId for display: the <c>nsu=</c> form outside namespace 0, which stays valid when the server renumbers its namespaces.</summary>
    private static string Display(UaClient client, NodeId id)
    {
        var uri = id.NamespaceIndex == 0 ? null : client.NamespaceUris.GetUri(id.NamespaceIndex);
        return uri is null ? id.ToString() : new ExpandedNodeId(id.WithNamespaceIndex(0), uri).ToString();
    }

    private static string Timestamp(UaDateTime time) =>
        time.IsMinValue ? "-" : time.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture);
}
