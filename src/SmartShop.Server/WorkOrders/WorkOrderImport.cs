using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartShop.Core.WorkOrders;
using SmartShop.Server.Auth;
using SmartShop.Server.Plant;

namespace SmartShop.Server.WorkOrders;

/// <summary>
/// Order files from ERP: CSV (one row per operation and/or material; the order's fields on its first row, repeated
/// or left empty on the next) or JSON (an array of orders as POST /api/work-orders takes them). All or nothing: any
/// bad row rejects the whole file, naming the row and the reason, and nothing is stored.
/// </summary>
public static class WorkOrderImport
{
    public const long MaxBytes = 10 * 1024 * 1024;

    // Column name (lower-case, without spaces, '_' and '-') to field; several spellings ERP exports use.
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["id"] = "id", ["order"] = "id", ["orderid"] = "id", ["ordernumber"] = "id",
        ["product"] = "product", ["productcode"] = "product",
        ["quantity"] = "quantity", ["qty"] = "quantity",
        ["unit"] = "unit", ["uom"] = "unit",
        ["dueat"] = "dueAt", ["due"] = "dueAt", ["duedate"] = "dueAt",
        ["priority"] = "priority",
        ["description"] = "description",
        ["operationsequence"] = "operationSequence", ["opseq"] = "operationSequence", ["sequence"] = "operationSequence",
        ["operationname"] = "operationName", ["operation"] = "operationName",
        ["lineid"] = "lineId", ["line"] = "lineId",
        ["machineid"] = "machineId", ["machine"] = "machineId",
        ["material"] = "material", ["component"] = "material",
        ["quantityperunit"] = "quantityPerUnit", ["qtyperunit"] = "quantityPerUnit",
        ["materialunit"] = "materialUnit", ["componentunit"] = "materialUnit",
    };

    private static readonly string[] OrderFields = ["product", "quantity", "unit", "dueAt", "priority", "description"];

    public static async Task<Results<Ok<WorkOrderImportResponse>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest http, WorkOrderStore store, PlantCatalog catalog, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (http.ContentLength > MaxBytes)
        {
            return TooLarge();
        }

        string? format = null;
        string text;
        var mediaType = http.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(ct);
            if (form.Files.Count != 1)
            {
                return Problem("Send one file (the form has " + form.Files.Count + ").");
            }

            var file = form.Files[0];
            format = Path.GetExtension(file.FileName).ToLowerInvariant() switch
            {
                ".csv" or ".txt" => "csv",
                ".json" => "json",
                _ => null,
            };
            if (file.Length > MaxBytes)
            {
                return TooLarge();
            }

            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = await reader.ReadToEndAsync(ct);
        }
        else
        {
            format = mediaType switch
            {
                "text/csv" or "application/csv" or "text/plain" => "csv",
                "application/json" => "json",
                _ => null,
            };
            using var reader = new StreamReader(http.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[MaxBytes + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
            if (read > MaxBytes)
            {
                return TooLarge();
            }

            text = new string(buffer, 0, read);
        }

        if (format is null)
        {
            return TypedResults.Problem(
                title: "Unsupported file",
                detail: "Send the orders as CSV (Content-Type text/csv, or a .csv file in a form) or JSON (application/json, or a .json file).",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var orders = format == "csv" ? ReadCsv(text, errors) : ReadJson(text, errors);
        var specs = new List<WorkOrderSpec>();
        foreach (var order in orders)
        {
            var problems = new List<WorkOrderProblem>();
            var draft = WorkOrderStore.ToDraft(order.Request, problems);
            var spec = draft.Validate(catalog.Plant, out var found);
            problems.AddRange(found);
            foreach (var problem in problems)
            {
                Add(errors, order.Where(problem.Field), $"{problem.Field}: {problem.Message}");
            }

            if (spec is not null && problems.Count == 0)
            {
                specs.Add(spec);
            }
        }

        if (errors.Count == 0 && orders.Count == 0)
        {
            Add(errors, "file", "The file holds no orders.");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The file was not imported: nothing was stored.");
        }

        var outcomes = await store.CreateAsync(specs, caller.UserName(), $"{WorkOrderStore.EntityType}.import", ct);
        for (var i = 0; i < specs.Count; i++)
        {
            if (outcomes[i] == CreateOutcome.Conflict)
            {
                Add(errors, orders[i].Where("id"), $"id: order {specs[i].Id} exists already with different content; orders are not overwritten.");
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The file was not imported: nothing was stored.");
        }

        return TypedResults.Ok(new WorkOrderImportResponse(
            specs.Where((_, i) => outcomes[i] == CreateOutcome.Created).Select(s => s.Id).ToList(),
            specs.Where((_, i) => outcomes[i] == CreateOutcome.Unchanged).Select(s => s.Id).ToList()));
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        title: "File too large",
        detail: $"An import file has at most {MaxBytes / 1024 / 1024} MB; split it.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(title: "Bad import", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static void Add(Dictionary<string, string[]> errors, string key, string message) =>
        errors[key] = errors.TryGetValue(key, out var existing) ? [.. existing, message] : [message];

    /// <summary>An order read from a file, with where each part came from (for messages).</summary>
    private sealed class FileOrder(WorkOrderRequest request, string where, IReadOnlyList<string> operationRows, IReadOnlyList<string> bomRows)
    {
        public WorkOrderRequest Request { get; } = request;

        /// <summary>The row (CSV) or order (JSON) a problem in <paramref name="field"/> belongs to.</summary>
        public string Where(string field)
        {
            if (field.StartsWith("operations[", StringComparison.Ordinal) && Index(field) is { } o && o < operationRows.Count)
            {
                return operationRows[o];
            }

            if (field.StartsWith("bom[", StringComparison.Ordinal) && Index(field) is { } b && b < bomRows.Count)
            {
                return bomRows[b];
            }

            return where;
        }

        private static int? Index(string field)
        {
            var open = field.IndexOf('[', StringComparison.Ordinal);
            var close = field.IndexOf(']', StringComparison.Ordinal);
            return int.TryParse(field.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
        }
    }

    private static List<FileOrder> ReadJson(string text, Dictionary<string, string[]> errors)
    {
        List<WorkOrderRequest?>? requests;
        try
        {
            requests = JsonSerializer.Deserialize<List<WorkOrderRequest?>>(text, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            Add(errors, "file", $"The file is not a JSON array of orders: {ex.Message}");
            return [];
        }

        var orders = new List<FileOrder>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < (requests?.Count ?? 0); i++)
        {
            var where = $"order {i + 1}";
            if (requests![i] is not { } request)
            {
                Add(errors, where, "The order is null.");
                continue;
            }

            if (request.Id is { } id && !seen.TryAdd(id.Trim(), i + 1))
            {
                Add(errors, where, $"id: order {id.Trim()} is in the file twice (also order {seen[id.Trim()]}).");
                continue;
            }

            orders.Add(new FileOrder(request, where, [], []));
        }

        return orders;
    }

    private static List<FileOrder> ReadCsv(string text, Dictionary<string, string[]> errors)
    {
        var rows = Csv.Parse(text, out var parseError);
        if (parseError is not null)
        {
            Add(errors, "file", parseError);
            return [];
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var header = rows[0].Fields;
        var fields = new string?[header.Count];
        for (var c = 0; c < header.Count; c++)
        {
            var key = new string(header[c].Where(ch => ch is not (' ' or '_' or '-')).ToArray()).ToLowerInvariant();
            if (key.Length == 0)
            {
                continue;
            }

            if (!Columns.TryGetValue(key, out var field))
            {
                Add(errors, "row 1", $"Unknown column '{header[c]}'; columns: {string.Join(", ", Columns.Values.Distinct())}.");
                continue;
            }

            if (fields.Contains(field))
            {
                Add(errors, "row 1", $"Column '{header[c]}' is the same field ({field}) as an earlier column.");
                continue;
            }

            fields[c] = field;
        }

        foreach (var required in new[] { "id", "product", "quantity", "unit" })
        {
            if (!fields.Contains(required))
            {
                Add(errors, "row 1", $"The column {required} is missing.");
            }
        }

        if (!fields.Contains("lineId") && !fields.Contains("machineId"))
        {
            Add(errors, "row 1", "A lineId or machineId column is needed (where each order is made).");
        }

        if (errors.Count > 0)
        {
            return [];
        }

        var builders = new List<CsvOrder>();
        var byId = new Dictionary<string, CsvOrder>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            var where = $"row {row.Line}";
            if (row.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (row.Fields.Count != header.Count)
            {
                Add(errors, where, $"The row has {row.Fields.Count} fields; the header has {header.Count}.");
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < header.Count; c++)
            {
                if (fields[c] is { } field && !string.IsNullOrWhiteSpace(row.Fields[c]))
                {
                    values[field] = row.Fields[c].Trim();
                }
            }

            if (!values.TryGetValue("id", out var id))
            {
                Add(errors, where, "id: the order number is empty.");
                continue;
            }

            if (!byId.TryGetValue(id, out var order))
            {
                order = new CsvOrder(id, where);
                byId[id] = order;
                builders.Add(order);
            }

            order.Add(values, where, errors);
        }

        return builders.Select(b => b.Build(errors)).OfType<FileOrder>().ToList();
    }

    /// <summary>The rows of one order in a CSV file, merged.</summary>
    private sealed class CsvOrder(string id, string firstRow)
    {
        private readonly Dictionary<string, (string Value, string Row)> _order = new(StringComparer.Ordinal);
        private readonly List<OperationDraft> _operations = [];
        private readonly List<string> _operationRows = [];
        private readonly List<BomItemDraft> _bom = [];
        private readonly List<string> _bomRows = [];
        private bool _bad;

        public void Add(Dictionary<string, string> values, string where, Dictionary<string, string[]> errors)
        {
            foreach (var field in OrderFields)
            {
                if (!values.TryGetValue(field, out var value))
                {
                    continue;
                }

                if (_order.TryGetValue(field, out var earlier) && earlier.Value != value)
                {
                    WorkOrderImport.Add(errors, where, $"{field}: '{value}' differs from {earlier.Row}'s '{earlier.Value}' for order {id}.");
                    _bad = true;
                }
                else
                {
                    _order.TryAdd(field, (value, where));
                }
            }

            if (values.ContainsKey("lineId") || values.ContainsKey("machineId") || values.ContainsKey("operationSequence"))
            {
                var sequence = Integer(values, "operationSequence", where, errors);
                _operations.Add(new OperationDraft(sequence, values.GetValueOrDefault("operationName"), values.GetValueOrDefault("lineId"), values.GetValueOrDefault("machineId")));
                _operationRows.Add(where);
            }

            if (values.TryGetValue("material", out var material))
            {
                var perUnit = Number(values, "quantityPerUnit", where, errors);
                var operation = values.ContainsKey("lineId") || values.ContainsKey("machineId") ? Integer(values, "operationSequence", where, errors) : null;
                _bom.Add(new BomItemDraft(material, perUnit, values.GetValueOrDefault("materialUnit"), operation));
                _bomRows.Add(where);
            }
        }

        public FileOrder? Build(Dictionary<string, string[]> errors)
        {
            if (_bad)
            {
                return null;
            }

            var quantity = _order.TryGetValue("quantity", out var q) ? ParseNumber(q.Value, "quantity", q.Row, errors) : null;
            var priority = _order.TryGetValue("priority", out var p) ? ParseInteger(p.Value, "priority", p.Row, errors) : null;
            if ((_order.ContainsKey("quantity") && quantity is null) || (_order.ContainsKey("priority") && priority is null))
            {
                return null;
            }

            var request = new WorkOrderRequest(
                id,
                _order.GetValueOrDefault("product").Value,
                quantity,
                _order.GetValueOrDefault("unit").Value,
                _order.GetValueOrDefault("dueAt").Value,
                priority,
                _order.GetValueOrDefault("description").Value,
                null,
                _operations,
                _bom);
            return new FileOrder(request, firstRow, _operationRows, _bomRows);
        }

        private int? Integer(Dictionary<string, string> values, string field, string where, Dictionary<string, string[]> errors)
        {
            if (!values.TryGetValue(field, out var text))
            {
                return null;
            }

            var value = ParseInteger(text, field, where, errors);
            _bad |= value is null;
            return value;
        }

        private decimal? Number(Dictionary<string, string> values, string field, string where, Dictionary<string, string[]> errors)
        {
            if (!values.TryGetValue(field, out var text))
            {
                return null;
            }

            var value = ParseNumber(text, field, where, errors);
            _bad |= value is null;
            return value;
        }
    }

    private static decimal? ParseNumber(string text, string field, string where, Dictionary<string, string[]> errors)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Add(errors, where, $"{field}: '{text}' is not a number (write 12.5, with a point).");
        return null;
    }

    private static int? ParseInteger(string text, string field, string where, Dictionary<string, string[]> errors)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Add(errors, where, $"{field}: '{text}' is not a whole number.");
        return null;
    }
}

/// <summary>One record of a CSV file and the line it starts on (1 = the first line).</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: fields in double quotes may hold the separator, quotes (doubled) and line breaks. The separator is
/// a comma, or a semicolon when the header line has semicolons and no commas (as Excel writes in many locales).
/// </summary>
public static class Csv
{
    public static IReadOnlyList<CsvRow> Parse(string text, out string? error)
    {
        error = null;
        var rows = new List<CsvRow>();
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var firstLineEnd = text.IndexOfAny(['\r', '\n']);
        var headerLine = firstLineEnd < 0 ? text : text[..firstLineEnd];
        var separator = headerLine.Contains(';', StringComparison.Ordinal) && !headerLine.Contains(',', StringComparison.Ordinal) ? ';' : ',';

        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var fieldStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            if (ch == '"' && field.Length == 0 && !fieldStarted)
            {
                quoted = true;
                fieldStarted = true;
            }
            else if (ch == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                rows.Add(new CsvRow(rowLine, fields));
                fields = [];
                field.Clear();
                fieldStarted = false;
                line++;
                rowLine = line;
            }
            else
            {
                field.Append(ch);
                fieldStarted = true;
            }
        }

        if (quoted)
        {
            error = $"Row {rowLine} opens a quoted field that never closes.";
            return [];
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add(new CsvRow(rowLine, fields));
        }

        return rows;
    }
}
