using System.CommandLine;
using System.Globalization;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.Server.Data;

namespace SmartShop.Server.Plc;

/// <summary>
/// <c>smartshop ua discover &lt;endpoint-url&gt;</c>: finds the machines on an OPC UA server (PackML and Machinery
/// companion objects, plain folders of PLC tags) and prints a plant-file fragment with each one's proposed signal
/// map, to paste under a line's <c>machines:</c> after review. The YAML goes to standard output, progress and
/// warnings to standard error.
/// </summary>
public static class UaDiscoverCommand
{
    /// <summary>The <c>discover</c> command, with the connection options of the other <c>ua</c> commands.</summary>
    /// <param name="connect">Opens the session from the parsed options (<c>--security</c>, <c>--user</c>,
    /// <c>--password</c>, <c>--pki</c>, <c>--auto-accept</c> and the endpoint URL, all found by name); null for the
    /// same connection as <c>smartshop ua read</c>.</param>
    public static Command Build(TextWriter output, TextWriter error, Func<ParseResult, CancellationToken, Task<UaClient>>? connect = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
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
        var defaults = new UaDiscoveryOptions();
        var maxDepth = new Option<int>("--max-depth")
        {
            Description = $"Levels below Objects searched for machines, 1-64 (default {defaults.MaxDepth}); each machine's own nodes are browsed {defaults.MachineDepth} levels further",
            DefaultValueFactory = _ => defaults.MaxDepth,
        };
        var maxNodes = new Option<int>("--max-nodes")
        {
            Description = $"Nodes browsed at most, 1-1000000 (default {defaults.MaxNodes:N0})",
            DefaultValueFactory = _ => defaults.MaxNodes,
        };
        var type = new Option<string?>("--type") { Description = "Machine type id for every machine found (default: proposed from each one's Identification)" };
        var indent = new Option<int>("--indent")
        {
            Description = "Spaces before every line, 0-40 (default 0), to paste under an indented machines: key",
            DefaultValueFactory = _ => 0,
        };

        var discover = new Command("discover", "Find the machines on a server (PackML, Machinery, plain folders) and print a plant-file fragment with their proposed signal maps")
        {
            url, security, user, password, pki, autoAccept, maxDepth, maxNodes, type, indent,
        };
        connect ??= (parse, ct) => ConnectAsync(
            parse.GetValue(url)!, parse.GetValue(security)!, parse.GetValue(user), parse.GetValue(password), parse.GetValue(pki), parse.GetValue(autoAccept), error, ct);

        discover.SetAction(async (parse, ct) =>
        {
            try
            {
                return await DiscoverAsync(parse, ct);
            }
            catch (Exception ex) when (ex is UaException or CertificateValidationException or ArgumentException)
            {
                // Expected failures (unreachable server, untrusted certificate, bad option): one line, no stack trace.
                await error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });

        return discover;

        async Task<int> DiscoverAsync(ParseResult parse, CancellationToken ct)
        {
            var endpoint = parse.GetValue(url)!;
            CheckRange("--max-depth", parse.GetValue(maxDepth), 1, 64);
            CheckRange("--max-nodes", parse.GetValue(maxNodes), 1, 1_000_000);
            CheckRange("--indent", parse.GetValue(indent), 0, 40);
            var options = new UaDiscoveryOptions { MaxDepth = parse.GetValue(maxDepth), MaxNodes = parse.GetValue(maxNodes) };
            UaDiscoveryScan scan;
            await using (var client = await connect(parse, ct))
            {
                scan = await UaDiscovery.ScanAsync(client, options, line => error.WriteLine($"discover: {line}"), ct);
            }

            var machines = UaDiscovery.Classify(scan.Objects);
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{machines.Count} machine{(machines.Count == 1 ? "" : "s")} on {endpoint} ({scan.NodeCount:N0} nodes browsed, max depth {options.MaxDepth})");
            var header = new List<string> { $"smartshop ua discover: {summary}" };
            if (scan.Truncated)
            {
                var warning = string.Create(CultureInfo.InvariantCulture,
                    $"stopped at --max-nodes {options.MaxNodes:N0}: machines further on are missing; raise it, or lower --max-depth");
                header.Add("TODO review: " + warning);
                await error.WriteLineAsync($"discover: warning: {warning}");
            }

            await output.WriteAsync(UaDiscovery.RenderYaml(
                machines, new UaDiscoveryRendering(endpoint, parse.GetValue(type), parse.GetValue(indent)), header));
            await error.WriteLineAsync($"discover: {summary}");
            if (machines.Count == 0)
            {
                await error.WriteLineAsync("discover: no machines found: no PackML or Machinery objects, and no object with state-like and counter-like variables; try a larger --max-depth");
                return 1;
            }

            return 0;
        }
    }

    private static void CheckRange(string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} {value} is not in {min}-{max}."));
        }
    }

    private static string PkiPath(string? configured) =>
        configured ?? Path.Combine(DatabaseSetup.ResolveDataDirectory(null), "pki");

    // The same connection as the other `ua` commands (see UaCommands): same options, same meaning.
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
