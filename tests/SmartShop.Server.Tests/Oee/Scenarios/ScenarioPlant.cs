using System.Globalization;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// The one-machine plant of a scenario, as two files: plc-sim's (how the PLC behaves) and the MES's (how it is read
/// and planned). Machine m1 on line line-s makes P-30 (ideal cycle 30 s) and P-45 (ideal cycle 45 s), with PackML
/// states and unit mode. plc-sim runs it without jitter, scrap, micro-stops or failures of its own, and with PackML
/// transitions of 0 s, so the machine shows exactly the states and counts a test commands, at the simulated instant
/// of the command. The site's time zone is UTC, so calendar times are the instants the tests use.
/// </summary>
/// <param name="ShiftCalendar">The site's <c>shiftCalendar:</c> block (YAML, not indented), as in deploy/plants/demo.yaml.</param>
/// <param name="MicroStopThresholdSeconds">The machine's minor-stop threshold in the MES.</param>
/// <param name="ChangeoverSeconds">How long plc-sim's own changeover (on a job for another product) takes.</param>
internal sealed record ScenarioPlant(string ShiftCalendar, double MicroStopThresholdSeconds = 60, double ChangeoverSeconds = 0)
{
    public const string Line = "line-s";
    public const string Machine = "m1";

    public string PlcSimYaml() => $$"""
        plant: { id: scenario, name: Scenario test plant }
        simulation: { autoJobs: false, transitionTime: 0 }
        machineTypes:
          press:
            name: Scenario press
            stateModel: PackML
            stopReasons: { 301: Spindle alarm, 302: Hydraulic pressure low, 501: Product changeover, 601: Planned maintenance }
            cycleTimeJitter: 0
            scrapRate: 0
            maintenanceReason: 601
            changeover: { duration: {{Seconds(ChangeoverSeconds)}}, stopReason: 501 }
        lines:
          - id: {{Line}}
            products: [P-30, P-45]
            machines:
              - id: {{Machine}}
                type: press
                idealCycleTimes: { P-30: 30, P-45: 45 }
        """;

    public string MesYaml(string endpointUrl)
    {
        var calendar = string.Join('\n', ShiftCalendar.ReplaceLineEndings("\n").Split('\n').Select(l => l.Length == 0 ? l : "      " + l));
        var node = $"nsu=urn:smartshop:plc-sim;s={Line}/{Machine}";
        return $$"""
            enterprise: { id: scenario, name: Scenario test plant }
            machineTypes:
              - id: press
                name: Scenario press
                stateModel: PackML
                microStopThresholdSeconds: {{Seconds(MicroStopThresholdSeconds)}}
                stopReasons:
                  301: Spindle alarm
                  302: Hydraulic pressure low
                  501: Product changeover
                  601: Planned maintenance
            sites:
              - id: site-s
                name: Scenario site
                timeZone: Etc/UTC
                shiftCalendar:
            {{calendar}}
                areas:
                  - id: area-s
                    name: Scenario area
                    lines:
                      - id: {{Line}}
                        name: Scenario line
                        machines:
                          - id: {{Machine}}
                            name: Press 1
                            type: press
                            endpoint: {{endpointUrl}}
                            idealCycleTimes:
                              - { product: P-30, seconds: 30 }
                              - { product: P-45, seconds: 45 }
                            signals:
                              state: {{node}}/State
                              goodCount: {{node}}/GoodCount
                              rejectCount: {{node}}/RejectCount
                              stopReason: {{node}}/StopReason
                              mode: {{node}}/UnitMode
                              jobId: {{node}}/CurrentJob/JobOrderId
                              product: {{node}}/CurrentJob/ProductCode
                              jobStart: {{node}}/JobStart
                              jobStop: {{node}}/JobStop
            """;
    }

    private static string Seconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
