using SmartShop.Server.Plant;

namespace SmartShop.Server.Tests.Plant;

public sealed class PlantCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_ValidFile_PrintsCountsAndReturnsZero()
    {
        var file = _dir.Write("plant.yaml", PlantYaml.Minimal);
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = PlantCli.Validate(file, output, error);

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"OK: {file}: 1 sites, 2 lines, 3 machines{Environment.NewLine}", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void Validate_InvalidFile_PrintsEveryErrorAndReturnsOne()
    {
        var yaml = PlantYaml.With("timeZone: Asia/Shanghai", "timeZone: Mars/Olympus");
        yaml = PlantYaml.With("seconds: 12.5", "seconds: -1", yaml);
        var file = _dir.Write("plant.yaml", yaml);
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = PlantCli.Validate(file, output, error);

        Assert.Equal(1, exitCode);
        Assert.Empty(output.ToString());
        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"{file}:23:", lines[0], StringComparison.Ordinal);
        Assert.Contains("sites[0] (id 'bj').timeZone: unknown time zone 'Mars/Olympus'", lines[0], StringComparison.Ordinal);
        Assert.Contains($"{PlantYaml.LathePath}.idealCycleTimes[0].seconds: an ideal cycle time must be greater than 0 seconds", lines[1], StringComparison.Ordinal);
        Assert.Equal($"{file}: 2 problems", lines[2]);
    }
}
