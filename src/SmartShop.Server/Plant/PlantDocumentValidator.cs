using System.Text.RegularExpressions;
using SmartShop.Core.Machines;
using SmartShop.Core.Plant;

namespace SmartShop.Server.Plant;

/// <summary>
/// Checks a bound plant document against the plant rules and maps it to <see cref="PlantDefinition"/>. Reports every
/// problem; returns a plant only when there were none.
/// </summary>
/// <remarks>
/// Id rules: machine ids are unique plant-wide (they key machine grains and /api/machines/{id}); site, area, line and
/// work-cell ids are also unique plant-wide, each among its own kind, so that a line or cell id alone names it (line
/// grains, dashboards); machine type ids are unique among machine types. Ids are 1-64 letters, digits, '-', '_' or
/// '.', starting with a letter or digit, because they end up in URLs and PLC NodeId strings.
/// </remarks>
internal sealed partial class PlantDocumentValidator(Action<DocumentPath, SourcePosition, string> report)
{
    // A day: longer is a typo (minutes or milliseconds meant), and TimeSpan must not overflow.
    private const double MaxSeconds = 86_400;

    private readonly Dictionary<string, MachineType> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declaredTypeIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentPath> _typeIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentPath> _siteIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentPath> _areaIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentPath> _lineIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentPath> _cellIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentPath> _machineIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _lineOfMachine = new(StringComparer.Ordinal);
    private readonly List<(LineDocument Line, HashSet<string> MachineIds)> _constraints = [];
    private int _errorCount;

    public PlantDefinition? Validate(PlantDocument document)
    {
        var enterprise = Enterprise(document);
        var downtimeReasons = DowntimeReasons(document);
        var machineTypes = (document.MachineTypes ?? []).Select(MachineType).OfType<MachineType>().ToList();

        var sites = new List<Site>();
        if (document.Sites is null or { Count: 0 } && !document.FailedKeys.Contains("sites"))
        {
            Report(document, "sites", "at least one site is required");
        }

        foreach (var site in document.Sites ?? [])
        {
            if (Site(site) is { } valid)
            {
                sites.Add(valid);
            }
        }

        CheckConstraintMachines();
        return _errorCount == 0 && enterprise is not null ? new PlantDefinition(enterprise, machineTypes, sites, downtimeReasons) : null;
    }

    private Enterprise? Enterprise(PlantDocument document)
    {
        if (document.Enterprise is not { } enterprise)
        {
            Required(document, "enterprise", null);
            return null;
        }

        var id = Id(enterprise, enterprise.Id, "enterprise", seen: null);
        var name = Required(enterprise, "name", enterprise.Name);
        return id is null || name is null ? null : new Enterprise(id, name);
    }

    private MachineType? MachineType(MachineTypeDocument type)
    {
        var before = _errorCount;
        var id = Id(type, type.Id, "machine type", _typeIds);
        if (id is not null)
        {
            _declaredTypeIds.Add(id);
        }

        var name = Required(type, "name", type.Name);
        var stateModel = StateModel(type, type.StateModel, type.StateCodes, required: true);
        var threshold = Threshold(type, type.MicroStopThresholdSeconds);
        if (type.MicroStopThresholdSeconds is null)
        {
            Required(type, "microStopThresholdSeconds", null, "the default for machines of this type, in seconds");
        }

        var stopReasonIds = new Dictionary<int, string>();
        var stopReasons = StopReasons(type.StopReasons, new Dictionary<int, string>(), stopReasonIds);
        var offeredReasons = OfferedReasons(type);
        if (_errorCount > before || id is null || name is null || stateModel is null || threshold is null)
        {
            return null;
        }

        var machineType = new MachineType(id, name, stateModel, threshold.Value, stopReasons)
        {
            StopReasonIds = stopReasonIds,
            OfferedReasons = offeredReasons,
        };
        _types.TryAdd(id, machineType);
        return machineType;
    }

    private Site? Site(SiteDocument site)
    {
        var before = _errorCount;
        var id = Id(site, site.Id, "site", _siteIds);
        var name = Required(site, "name", site.Name);
        TimeZoneInfo? timeZone = null;
        if (Required(site, "timeZone", site.TimeZone, "an IANA time zone id such as Asia/Shanghai") is { } zoneId)
        {
            try
            {
                timeZone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                Report(site, "timeZone", $"unknown time zone '{zoneId}'; expected an IANA time zone id such as Asia/Shanghai");
            }
        }

        var calendar = SiteCalendar(site.ShiftCalendar, timeZone);
        var areas = (site.Areas ?? []).Select(a => Area(a, calendar.Scope)).OfType<Area>().ToList();
        return _errorCount > before || id is null || name is null || timeZone is null
            ? null
            : new Site(id, name, timeZone, areas, calendar.Definition);
    }

    private Area? Area(AreaDocument area, CalendarScope siteCalendar)
    {
        var before = _errorCount;
        var id = Id(area, area.Id, "area", _areaIds);
        var name = Required(area, "name", area.Name);
        var calendar = OverrideCalendar(area.ShiftCalendar, siteCalendar);
        var lines = (area.Lines ?? []).Select(l => Line(l, calendar.Scope)).OfType<Line>().ToList();
        return _errorCount > before || id is null || name is null ? null : new Area(id, name, lines, calendar.Override);
    }

    private Line? Line(LineDocument line, CalendarScope areaCalendar)
    {
        var before = _errorCount;
        var id = Id(line, line.Id, "line", _lineIds);
        var name = Required(line, "name", line.Name);
        var calendar = OverrideCalendar(line.ShiftCalendar, areaCalendar);
        var lineMachineIds = new HashSet<string>(StringComparer.Ordinal);

        var cells = new List<WorkCell>();
        foreach (var cell in line.WorkCells ?? [])
        {
            var cellBefore = _errorCount;
            var cellId = Id(cell, cell.Id, "work cell", _cellIds);
            var cellName = Required(cell, "name", cell.Name);
            var cellMachines = Machines(cell.Machines, id, lineMachineIds);
            if (_errorCount == cellBefore && cellId is not null && cellName is not null)
            {
                cells.Add(new WorkCell(cellId, cellName, cellMachines));
            }
        }

        var machines = Machines(line.Machines, id, lineMachineIds);
        if (line.ConstraintMachineId is not null)
        {
            _constraints.Add((line, lineMachineIds));
        }

        return _errorCount > before || id is null || name is null
            ? null
            : new Line(id, name, line.ConstraintMachineId, cells, machines, calendar.Override);
    }

    private List<MachineDefinition> Machines(List<MachineDocument>? machines, string? lineId, HashSet<string> lineMachineIds)
    {
        var result = new List<MachineDefinition>();
        foreach (var document in machines ?? [])
        {
            if (document.Id is { } id)
            {
                lineMachineIds.Add(id);
                _lineOfMachine.TryAdd(id, lineId);
            }

            if (Machine(document) is { } machine)
            {
                result.Add(machine);
            }
        }

        return result;
    }

    private MachineDefinition? Machine(MachineDocument machine)
    {
        var before = _errorCount;
        var id = Id(machine, machine.Id, "machine", _machineIds);
        var name = Required(machine, "name", machine.Name);

        MachineType? type = null;
        if (Required(machine, "type", machine.Type, "the id of one of the machineTypes") is { } typeId
            && !_types.TryGetValue(typeId, out type) && !_declaredTypeIds.Contains(typeId))
        {
            var suggestion = Spelling.Closest(typeId, _declaredTypeIds);
            Report(machine, "type", suggestion is not null
                ? $"unknown machine type '{typeId}'; did you mean '{suggestion}'?"
                : $"unknown machine type '{typeId}'; declared types: {(_declaredTypeIds.Count == 0 ? "none" : string.Join(", ", _declaredTypeIds))}");
        }

        OpcUaEndpoint? endpoint = null;
        if (Required(machine, "endpoint", machine.Endpoint, "an OPC UA URL such as opc.tcp://127.0.0.1:4840") is { } url)
        {
            if (!OpcUaEndpoint.TryParse(url, out endpoint, out var error))
            {
                Report(machine, "endpoint", $"malformed endpoint: {error}");
            }
        }

        var stateModel = StateModel(machine, machine.StateModel, machine.StateCodes, required: false) ?? type?.StateModel;
        var threshold = Threshold(machine, machine.MicroStopThresholdSeconds) ?? type?.MicroStopThreshold;
        var stopReasonIds = new Dictionary<int, string>(type?.StopReasonIds ?? new Dictionary<int, string>());
        var stopReasons = StopReasons(machine.StopReasons, new Dictionary<int, string>(type?.StopReasons ?? new Dictionary<int, string>()), stopReasonIds);
        var cycleTimes = IdealCycleTimes(machine.IdealCycleTimes);
        var signals = Signals(machine.Signals);

        if (_errorCount > before || id is null || name is null || type is null || endpoint is null
            || stateModel is null || threshold is null)
        {
            return null;
        }

        return new MachineDefinition(id, name, type, endpoint, signals, stateModel, threshold.Value, cycleTimes, stopReasons)
        {
            StopReasonIds = stopReasonIds,
        };
    }

    private List<IdealCycleTime> IdealCycleTimes(List<IdealCycleTimeDocument>? entries)
    {
        var result = new List<IdealCycleTime>();
        var products = new Dictionary<string, DocumentPath>(StringComparer.Ordinal);
        foreach (var entry in entries ?? [])
        {
            var product = Required(entry, "product", entry.Product, "the product (material) code");
            if (product is not null)
            {
                if (product.Trim().Length != product.Length)
                {
                    Report(entry, "product", $"product '{product}' has leading or trailing white space");
                }
                else if (!products.TryAdd(product, entry.Path))
                {
                    Report(entry, "product", $"product '{product}' already has an ideal cycle time at {products[product]}");
                }
            }

            double? seconds = null;
            if (entry.Seconds is null)
            {
                Required(entry, "seconds", null, "the ideal time per unit, in seconds");
            }
            else if (!double.IsFinite(entry.Seconds.Value) || entry.Seconds <= 0)
            {
                Report(entry, "seconds", $"an ideal cycle time must be greater than 0 seconds, got {entry.Seconds}");
            }
            else if (entry.Seconds > MaxSeconds)
            {
                Report(entry, "seconds", $"{entry.Seconds} s is more than a day; the value is in seconds");
            }
            else
            {
                seconds = entry.Seconds;
            }

            if (product is not null && seconds is not null)
            {
                result.Add(new IdealCycleTime(product, TimeSpan.FromSeconds(seconds.Value)));
            }
        }

        return result;
    }

    private SignalMap Signals(SignalMapDocument? signals) => signals is null
        ? SignalMap.Empty
        : new SignalMap(
            State: Signal(signals, "state", signals.State),
            GoodCount: Signal(signals, "goodCount", signals.GoodCount),
            RejectCount: Signal(signals, "rejectCount", signals.RejectCount),
            StopReason: Signal(signals, "stopReason", signals.StopReason),
            CycleTime: Signal(signals, "cycleTime", signals.CycleTime),
            EnergyKwh: Signal(signals, "energyKwh", signals.EnergyKwh),
            JobStart: Signal(signals, "jobStart", signals.JobStart),
            JobStop: Signal(signals, "jobStop", signals.JobStop),
            Mode: Signal(signals, "mode", signals.Mode),
            JobId: Signal(signals, "jobId", signals.JobId),
            Product: Signal(signals, "product", signals.Product),
            Starved: Signal(signals, "starved", signals.Starved),
            Blocked: Signal(signals, "blocked", signals.Blocked),
            JobControl: Signal(signals, "jobControl", signals.JobControl));

    private SignalAddress? Signal(SignalMapDocument owner, string key, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (SignalAddress.TryParse(text, out var address, out var error))
        {
            return address;
        }

        Report(owner, key, $"malformed signal address: {error}");
        return null;
    }

    private StateModel? StateModel(DocumentObject owner, string? name, CodeTableDocument? codes, bool required)
    {
        const string Models = "PackML, MachineryItemState or Custom";
        if (name is null)
        {
            if (codes is not null)
            {
                Report(owner, "stateCodes", "stateCodes are only read together with 'stateModel: Custom'");
            }

            if (required)
            {
                Required(owner, "stateModel", null, Models);
            }

            return null;
        }

        if (name == nameof(StateModelKind.Custom))
        {
            return CustomStateModel(owner, codes);
        }

        if (codes is not null)
        {
            Report(owner, "stateCodes", $"stateCodes are only read with 'stateModel: Custom', not with '{name}'");
        }

        switch (name)
        {
            case nameof(StateModelKind.PackML):
                return Core.Plant.StateModel.PackML;
            case nameof(StateModelKind.MachineryItemState):
                return Core.Plant.StateModel.MachineryItemState;
            default:
                Report(owner, "stateModel", $"unknown state model '{name}'; expected {Models}");
                return null;
        }
    }

    private StateModel? CustomStateModel(DocumentObject owner, CodeTableDocument? codes)
    {
        var codable = Core.Plant.StateModel.CodableStates.ToDictionary(s => s.ToString(), StringComparer.Ordinal);
        var states = string.Join(", ", codable.Keys);
        if (codes is null || codes.Entries.Count == 0)
        {
            if (!owner.FailedKeys.Contains("stateCodes"))
            {
                Report(owner, "stateCodes", $"'stateModel: Custom' needs stateCodes mapping raw integer codes to {states}");
            }

            return null;
        }

        var map = new Dictionary<int, MachineState>();
        var valid = true;
        foreach (var entry in codes.Entries)
        {
            // Exact names only: Enum.TryParse would also accept numbers and other casings.
            if (entry.Text is not null && codable.TryGetValue(entry.Text, out var state))
            {
                map[entry.Code] = state;
            }
            else
            {
                Report(entry.Path, entry.Position, $"'{entry.Text}' is not a machine state a PLC code can stand for; expected {states}");
                valid = false;
            }
        }

        return valid ? Core.Plant.StateModel.Custom(map) : null;
    }

    private TimeSpan? Threshold(DocumentObject owner, double? seconds)
    {
        const string Key = "microStopThresholdSeconds";
        if (seconds is not { } value)
        {
            return null;
        }

        if (!double.IsFinite(value) || value < 0)
        {
            Report(owner, Key, $"the micro-stop threshold must be 0 seconds or more, got {value}");
            return null;
        }

        if (value > MaxSeconds)
        {
            Report(owner, Key, $"{value} s is more than a day; the value is in seconds");
            return null;
        }

        return TimeSpan.FromSeconds(value);
    }

    private void CheckConstraintMachines()
    {
        foreach (var (line, machineIds) in _constraints)
        {
            var machineId = line.ConstraintMachineId!;
            if (machineIds.Contains(machineId))
            {
                continue;
            }

            var message = _lineOfMachine.TryGetValue(machineId, out var otherLine)
                ? $"constraint machine '{machineId}' is on line '{otherLine}', not on this line"
                : $"constraint machine '{machineId}' is not a machine of this line; its machines: {(machineIds.Count == 0 ? "none" : string.Join(", ", machineIds))}";
            Report(line, "constraintMachineId", message);
        }
    }

    private string? Id(DocumentObject owner, string? id, string kind, Dictionary<string, DocumentPath>? seen)
    {
        if (Required(owner, "id", id) is null)
        {
            return null;
        }

        if (!IdPattern().IsMatch(id!))
        {
            Report(owner, "id", $"'{id}' is not a valid {kind} id: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }

        if (seen is not null && !seen.TryAdd(id!, owner.Path))
        {
            Report(owner, "id", $"duplicate {kind} id '{id}' (already used at {seen[id!]})");
        }

        return id;
    }

    /// <summary>The value if present and not blank; otherwise reports it (once) and returns null.</summary>
    private string? Required(DocumentObject owner, string key, string? value, string? what = null)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (owner.FailedKeys.Contains(key))
        {
            return null;
        }

        var hint = what is null ? string.Empty : $" ({what})";
        var message = value is not null ? $"is empty{hint}"
            : owner.ValuePositions.ContainsKey(key) ? $"has no value{hint}"
            : $"required key '{key}' is missing{hint}";
        Report(owner, key, message);
        return null;
    }

    private void Report(DocumentObject owner, string key, string message) =>
        Report(owner.Path.Property(key), owner.PositionOf(key), message);

    private void Report(DocumentPath path, SourcePosition position, string message)
    {
        _errorCount++;
        report(path, position, message);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
