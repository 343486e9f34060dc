using System.Text.RegularExpressions;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.Server.Plc;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Plc;

/// <summary>`smartshop ua …` as an integrator runs it, against the real plc-sim.</summary>
public sealed partial class UaCommandsTests
{
    [Fact]
    public async Task Endpoints_PlcSim_ListsNoneSignAndSignAndEncrypt()
    {
        await using var plcSim = await PlcSimServer.StartAsync();

        var (exitCode, stdout, _) = await RunAsync("ua", "endpoints", plcSim.EndpointUrl);

        Assert.Equal(0, exitCode);
        Assert.Contains("Basic256Sha256 SignAndEncrypt", stdout, StringComparison.Ordinal);
        Assert.Contains("Basic256Sha256 Sign ", stdout, StringComparison.Ordinal);
        Assert.Contains("None None", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_UntrustedServerThenTrusted_RefusesNamingThumbprintThenReads()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        var pki = Directory.CreateTempSubdirectory("smartshop-ua-pki-").FullName;
        try
        {
            const string goodCount = "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/GoodCount";

            var refused = await RunAsync("ua", "read", plcSim.EndpointUrl, goodCount, "--pki", pki);
            var thumbprint = Thumbprint().Match(refused.Stderr).Groups[1].Value;
            var trusted = await RunAsync("ua", "trust", thumbprint, "--pki", pki);
            var read = await RunAsync("ua", "read", plcSim.EndpointUrl, goodCount, "--pki", pki);

            Assert.Equal(1, refused.ExitCode);
            Assert.NotEmpty(thumbprint);
            Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, trusted.ExitCode);
            Assert.Equal(0, read.ExitCode);
            Assert.Contains($"{goodCount} = ", read.Stdout, StringComparison.Ordinal);
            Assert.Contains("(UInt32)  Good", read.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(pki, recursive: true);
        }
    }

    [Fact]
    public async Task Read_UnknownSecurityOption_FailsWithOneLine()
    {
        var (exitCode, _, stderr) = await RunAsync("ua", "read", "opc.tcp://127.0.0.1:1", "i=2258", "--security", "bogus");

        Assert.Equal(1, exitCode);
        Assert.Contains("--security 'bogus'", stderr, StringComparison.Ordinal);
    }

    private const string Lathe = "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe";

    [Fact]
    public async Task Browse_ObjectsThenLineByBrowsePath_TreeWithNsuNodeIdsAndValues()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new PkiFolder();

        var objects = await RunUaAsync("browse", plcSim, pki);
        var ns = PlcSimIndex().Match(objects.Stdout).Groups[1].Value;
        var line = await RunUaAsync("browse", plcSim, pki, $"/Objects/{ns}:line-1", "--depth", "2");

        Assert.Equal(0, objects.ExitCode);
        Assert.StartsWith("Object   Objects  i=85", objects.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  Object   {ns}:line-2  nsu=urn:smartshop:plc-sim;s=line-2", objects.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  Object   {ns}:Simulation  nsu=urn:smartshop:plc-sim;s=Simulation", objects.Stdout, StringComparison.Ordinal);
        Assert.Contains("  Object   Server  i=2253", objects.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("    ", objects.Stdout, StringComparison.Ordinal); // depth 1: nothing below the children
        Assert.Equal(0, line.ExitCode);
        Assert.StartsWith($"Object   {ns}:line-1  nsu=urn:smartshop:plc-sim;s=line-1", line.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  Object   {ns}:l1-lathe  {Lathe}", line.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"\n    Variable {ns}:GoodCount  {Regex.Escape(Lathe)}/GoodCount  = \d+ \(UInt32\)", line.Stdout);
        Assert.Contains($"    Method   {ns}:JobStart  {Lathe}/JobStart", line.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("      ", line.Stdout, StringComparison.Ordinal); // depth 2
    }

    [Fact]
    public async Task Write_SpeedSetpointWithoutType_ConvertsToNodesDoubleAndReadsBack()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new PkiFolder();

        var write = await RunUaAsync("write", plcSim, pki, $"{Lathe}/SpeedSetpoint", "37.5");
        var read = await RunUaAsync("read", plcSim, pki, $"{Lathe}/SpeedSetpoint");

        Assert.Equal(0, write.ExitCode);
        Assert.Contains($"{Lathe}/SpeedSetpoint := 37.5 (Double)  Good", write.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, read.ExitCode);
        Assert.Contains($"{Lathe}/SpeedSetpoint = 37.5 (Double)  Good", read.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ServerRefusesTypeOrTextDoesNotConvert_ExitOneWithoutStackTrace()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new PkiFolder();

        var mismatch = await RunUaAsync("write", plcSim, pki, $"{Lathe}/SpeedSetpoint", "fast", "--type", "String");
        var notANumber = await RunUaAsync("write", plcSim, pki, $"{Lathe}/SpeedSetpoint", "fast");
        var unknownType = await RunUaAsync("write", plcSim, pki, $"{Lathe}/SpeedSetpoint", "1", "--type", "Decimal128");
        var badNodeId = await RunUaAsync("write", plcSim, pki, "ns=x;s=SpeedSetpoint", "1");
        var noSuchPath = await RunUaAsync("write", plcSim, pki, "/Objects/line-1/SpeedSetpoint", "1");

        Assert.Equal(1, mismatch.ExitCode);
        Assert.Contains("BadTypeMismatch", mismatch.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, notANumber.ExitCode);
        Assert.Contains("error: 'fast' is not a Double", notANumber.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknownType.ExitCode);
        Assert.Contains("error: --type 'Decimal128' is not one of Boolean,", unknownType.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badNodeId.ExitCode);
        Assert.Contains("error: 'ns=x;s=SpeedSetpoint' is not an ExpandedNodeId", badNodeId.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, noSuchPath.ExitCode);
        Assert.Contains("error: The browse path /Objects/line-1/SpeedSetpoint leads to no node: BadNoMatch", noSuchPath.Stderr, StringComparison.Ordinal);
        Assert.All([mismatch, notANumber, unknownType, badNodeId, noSuchPath], r => Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_JobStartAndSetSpeed_ArgumentsTypedFromTheMethodAndSpeedPercentFollows()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new PkiFolder();

        var jobStart = await RunUaAsync("call", plcSim, pki, Lathe, $"{Lathe}/JobStart", "JOB-CLI-1", "SPOOL-20");
        var setSpeed = await RunUaAsync("call", plcSim, pki, $"{Lathe}/Simulation", $"{Lathe}/Simulation/SetSpeed", "150");
        var read = await RunUaAsync("read", plcSim, pki, $"{Lathe}/Simulation/SpeedPercent");

        Assert.Equal(0, jobStart.ExitCode);
        Assert.Contains($"{Lathe}/JobStart: Good", jobStart.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, setSpeed.ExitCode);
        Assert.Contains($"{Lathe}/Simulation/SetSpeed: Good", setSpeed.Stdout, StringComparison.Ordinal);
        Assert.Contains("= 150 (Double)", read.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_LoadScenario_PrintsNamedOutputArgument()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new PkiFolder();
        const string scenario = """
            scenario: two steps
            steps:
              - { at: 1h, machine: l1-lathe, setSpeed: 85 }
              - { at: 2h, machine: l1-lathe, resetCounters: true }
            """;

        var call = await RunUaAsync("call", plcSim, pki, "nsu=urn:smartshop:plc-sim;s=Simulation", "nsu=urn:smartshop:plc-sim;s=Simulation/LoadScenario", scenario);

        Assert.Equal(0, call.ExitCode);
        Assert.Contains("  Steps = 2 (UInt32)", call.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WrongArgumentCountTextOrProduct_ExitOneNamingTheProblem()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new PkiFolder();

        var tooFew = await RunUaAsync("call", plcSim, pki, Lathe, $"{Lathe}/JobStart", "JOB-CLI-2");
        var notANumber = await RunUaAsync("call", plcSim, pki, $"{Lathe}/Simulation", $"{Lathe}/Simulation/SetCounters", "-1", "0");
        var unknownProduct = await RunUaAsync("call", plcSim, pki, Lathe, $"{Lathe}/JobStart", "JOB-CLI-2", "NO-SUCH-PRODUCT");

        Assert.Equal(1, tooFew.ExitCode);
        Assert.Contains("takes 2 input argument(s) (jobId: String, product: String); 1 given", tooFew.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, notANumber.ExitCode);
        Assert.Contains("error: Input argument Good: '-1' is not a UInt32", notANumber.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknownProduct.ExitCode);
        Assert.Contains($"{Lathe}/JobStart: BadInvalidArgument", unknownProduct.Stdout, StringComparison.Ordinal);
        Assert.All([tooFew, notANumber, unknownProduct], r => Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_CountThree_PrintsThreeChangesThenExits()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 100);
        using var pki = new PkiFolder();
        const string simulatedTime = "nsu=urn:smartshop:plc-sim;s=Simulation/SimulatedTime";

        var (exitCode, stdout, _) = await RunUaAsync("subscribe", plcSim, pki, simulatedTime, $"{Lathe}/GoodCount", "--interval", "100", "--count", "3");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exitCode);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains($"  {simulatedTime}  ", StringComparison.Ordinal) && l.Contains("(DateTime)  Good", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"  {Lathe}/GoodCount  ", StringComparison.Ordinal) && l.Contains("(UInt32)  Good", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\S+  \S+  .+  source \d{4}-", l));
    }

    [Fact]
    public async Task Subscribe_DurationWithOneUnknownNode_PrintsTheOtherAndExitsOne()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new PkiFolder();

        var (exitCode, stdout, stderr) = await RunUaAsync("subscribe", plcSim, pki, $"{Lathe}/NoSuchSignal", $"{Lathe}/GoodCount", "--duration", "2");

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: cannot monitor {Lathe}/NoSuchSignal: BadNodeIdUnknown", stderr, StringComparison.Ordinal);
        Assert.Contains($"  {Lathe}/GoodCount  ", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", BuiltInType.Boolean, "True")]
    [InlineData("0", BuiltInType.Boolean, "False")]
    [InlineData("-128", BuiltInType.SByte, "-128")]
    [InlineData("255", BuiltInType.Byte, "255")]
    [InlineData("-2147483648", BuiltInType.Int32, "-2147483648")]
    [InlineData("4294967295", BuiltInType.UInt32, "4294967295")]
    [InlineData("-9000000000", BuiltInType.Int64, "-9000000000")]
    [InlineData("1.5e3", BuiltInType.Double, "1500")]
    [InlineData("0.25", BuiltInType.Float, "0.25")]
    [InlineData(" spaced text ", BuiltInType.String, " spaced text ")]
    [InlineData("2:Name", BuiltInType.QualifiedName, "2:Name")]
    [InlineData("nsu=urn:b;s=x", BuiltInType.NodeId, "ns=1;s=x")]
    [InlineData("AQID", BuiltInType.ByteString, "AQID")]
    public void ParseValue_TextOfType_VariantOfThatType(string text, BuiltInType type, string expected)
    {
        var value = UaCommands.ParseValue(text, type, new NamespaceTable(["http://opcfoundation.org/UA/", "urn:b"]));

        Assert.Equal(type, value.BuiltInType);
        Assert.Equal(expected, value.ToString());
    }

    [Fact]
    public void ParseValue_DateTimeWithoutOffset_IsUtc()
    {
        var value = UaCommands.ParseValue("2026-01-05T06:00:00", BuiltInType.DateTime, NamespaceTable.Default);

        Assert.True(value.TryGetValue(out UaDateTime time));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero), time.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("256", BuiltInType.Byte, "'256' is not a Byte (an integer 0 to 255)")]
    [InlineData("-1", BuiltInType.UInt32, "'-1' is not a UInt32 (an integer 0 to 4294967295)")]
    [InlineData("1,5", BuiltInType.Double, "'1,5' is not a Double")]
    [InlineData("yes", BuiltInType.Boolean, "'yes' is not a Boolean (true, false, 1 or 0)")]
    [InlineData("nsu=urn:unknown;s=x", BuiltInType.NodeId, "'nsu=urn:unknown;s=x' is not a NodeId")]
    [InlineData("{}", BuiltInType.ExtensionObject, "ExtensionObject values cannot be given as text")]
    public void ParseValue_TextNotOfType_ArgumentExceptionNamingValueAndType(string text, BuiltInType type, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => UaCommands.ParseValue(text, type, NamespaceTable.Default));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("double", BuiltInType.Double)]
    [InlineData("UINT32", BuiltInType.UInt32)]
    [InlineData("LocalizedText", BuiltInType.LocalizedText)]
    public void ParseTypeName_AnyCase_BuiltInType(string name, BuiltInType expected)
    {
        Assert.Equal(expected, UaCommands.ParseTypeName(name));
    }

    [GeneratedRegex(@"smartshop ua trust ([0-9A-F]{40})")]
    private static partial Regex Thumbprint();

    [GeneratedRegex(@"  Object   (\d+):line-1  nsu=urn:smartshop:plc-sim;s=line-1")]
    private static partial Regex PlcSimIndex();

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        SmartShopProcess.RunAsync(null, args);

    /// <summary>`smartshop ua verb url args… --pki … --auto-accept` against plc-sim.</summary>
    private static Task<(int ExitCode, string Stdout, string Stderr)> RunUaAsync(string verb, PlcSimServer plcSim, PkiFolder pki, params string[] args) =>
        SmartShopProcess.RunAsync(null, ["ua", verb, plcSim.EndpointUrl, .. args, "--pki", pki.Path, "--auto-accept"]);

    private sealed class PkiFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("smartshop-ua-pki-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
