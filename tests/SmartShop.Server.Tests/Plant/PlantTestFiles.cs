namespace SmartShop.Server.Tests.Plant;

/// <summary>A temporary directory for one test's plant files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string FullName { get; } = Directory.CreateTempSubdirectory("smartshop-plant-").FullName;

    public string Write(string fileName, string content)
    {
        var path = Path.Combine(FullName, fileName);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}

/// <summary>Small valid plant files that tests break one rule at a time.</summary>
internal static class PlantYaml
{
    // Machine paths in this file:
    //   sites[0].areas[0].lines[0].workCells[0].machines[0]  l1-lathe (line 32)
    //   sites[0].areas[0].lines[0].machines[0]               l1-leak
    //   sites[0].areas[0].lines[1].machines[0]               l2-lathe
    public const string Minimal = """
        enterprise:
          id: acme
          name: ACME Precision
        machineTypes:
          - id: cnc-lathe
            name: CNC lathe
            stateModel: PackML
            microStopThresholdSeconds: 30
            stopReasons:
              101: Tool breakage
              102: Chip entanglement
          - id: leak-tester
            name: Leak tester
            stateModel: Custom
            stateCodes:
              0: Idle
              1: Running
              5: Down
            microStopThresholdSeconds: 25
        sites:
          - id: bj
            name: Beijing Yizhuang
            timeZone: Asia/Shanghai
            areas:
              - id: machining
                name: Machining
                lines:
                  - id: line-1
                    name: Shaft line 1
                    constraintMachineId: l1-lathe
                    workCells:
                      - id: cell-a
                        name: Cell A
                        machines:
                          - id: l1-lathe
                            name: Lathe 1
                            type: cnc-lathe
                            endpoint: opc.tcp://127.0.0.1:4840
                            microStopThresholdSeconds: 20
                            stopReasons:
                              102: Chip jam at the bar feeder
                              205: Bar feeder empty
                            idealCycleTimes:
                              - product: SHAFT-20
                                seconds: 12.5
                              - product: SHAFT-25
                                seconds: 14
                            signals:
                              state: ns=2;s=Line1.Lathe.State
                              goodCount: /Objects/2:Plant/2:Lathe1/2:Good
                    machines:
                      - id: l1-leak
                        name: Leak tester 1
                        type: leak-tester
                        endpoint: opc.tcp://127.0.0.1:4840/sim
                        idealCycleTimes:
                          - product: SHAFT-20
                            seconds: 30
                  - id: line-2
                    name: Line 2
                    machines:
                      - id: l2-lathe
                        name: Lathe 2
                        type: cnc-lathe
                        endpoint: opc.tcp://127.0.0.1:4841
        """;

    public const string LathePath = "sites[0].areas[0].lines[0].workCells[0].machines[0] (id 'l1-lathe')";

    public const string LeakTesterPath = "sites[0].areas[0].lines[0].machines[0] (id 'l1-leak')";

    /// <summary>Replaces text that must occur exactly once, so a test cannot silently break nothing.</summary>
    public static string With(string find, string replacement, string yaml = Minimal)
    {
        var first = yaml.IndexOf(find, StringComparison.Ordinal);
        Assert.True(first >= 0 && yaml.IndexOf(find, first + 1, StringComparison.Ordinal) < 0, $"'{find}' must occur exactly once");
        return yaml.Replace(find, replacement, StringComparison.Ordinal);
    }
}
