using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace SmartShop.Trace.Bench;

/// <summary>
/// Bulk-loads a generated history into PostgreSQL with binary COPY (units and links on two connections at once, as
/// they are generated together), into the tables the server migrated, indexes in place. The foreign-key triggers are
/// off for the load's connections (session_replication_role replica): the generator writes every referenced row
/// first, and a per-row check would make the load, not the queries, the long part of the run.
/// </summary>
public sealed class PostgresHistorySink(string connectionString) : IHistorySink, IAsyncDisposable
{
    private const string By = "api:mes";
    private NpgsqlConnection? _unitConnection;
    private NpgsqlConnection? _linkConnection;
    private NpgsqlBinaryImporter? _units;
    private NpgsqlBinaryImporter? _links;

    public async Task WriteMastersAsync(IReadOnlyList<OrderRow> orders, IReadOnlyList<LotRow> lots, IReadOnlyList<LinkRow> lotLinks, IReadOnlyList<ContainerRow> containers, CancellationToken ct)
    {
        await using (var connection = await OpenAsync(ct))
        {
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY work_order (id, product, quantity, unit, priority, status, version, created_at_ms, created_by, updated_at_ms, released_at_ms, started_at_ms, completed_at_ms, closed_at_ms) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var o in orders)
                {
                    copy.StartRow();
                    copy.Write(o.Id, NpgsqlDbType.Text);
                    copy.Write(o.Product, NpgsqlDbType.Text);
                    copy.Write((decimal)o.Quantity, NpgsqlDbType.Numeric);
                    copy.Write("pcs", NpgsqlDbType.Text);
                    copy.Write(5, NpgsqlDbType.Integer);
                    copy.Write("closed", NpgsqlDbType.Text);
                    copy.Write(6, NpgsqlDbType.Integer);
                    copy.Write(o.StartMs - 86_400_000, NpgsqlDbType.Bigint);
                    copy.Write("planner", NpgsqlDbType.Text);
                    copy.Write(o.EndMs + 3_600_000, NpgsqlDbType.Bigint);
                    copy.Write(o.StartMs - 3_600_000, NpgsqlDbType.Bigint);
                    copy.Write(o.StartMs, NpgsqlDbType.Bigint);
                    copy.Write(o.EndMs, NpgsqlDbType.Bigint);
                    copy.Write(o.EndMs + 3_600_000, NpgsqlDbType.Bigint);
                }

                await copy.CompleteAsync(ct);
            }

            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY material_lot (id, material, quantity, remaining, unit, status, origin, supplier, supplier_lot, created_at_ms, created_by, version) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var l in lots)
                {
                    copy.StartRow();
                    copy.Write(l.Id, NpgsqlDbType.Text);
                    copy.Write(l.Material, NpgsqlDbType.Text);
                    copy.Write(l.Quantity, NpgsqlDbType.Numeric);
                    copy.Write(l.Remaining, NpgsqlDbType.Numeric);
                    copy.Write(l.Unit, NpgsqlDbType.Text);
                    copy.Write(l.Status, NpgsqlDbType.Text);
                    copy.Write(l.Origin, NpgsqlDbType.Text);
                    WriteText(copy, l.Supplier);
                    WriteText(copy, l.SupplierLot);
                    copy.Write(l.CreatedAtMs, NpgsqlDbType.Bigint);
                    copy.Write("stores", NpgsqlDbType.Text);
                    copy.Write(1L, NpgsqlDbType.Bigint);
                }

                await copy.CompleteAsync(ct);
            }

            await using (var copy = await connection.BeginBinaryImportAsync("COPY container (id, kind, parent_id, created_at_ms, created_by) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var c in containers)
                {
                    copy.StartRow();
                    copy.Write(c.Id, NpgsqlDbType.Text);
                    copy.Write(c.Kind, NpgsqlDbType.Text);
                    WriteText(copy, c.ParentId);
                    copy.Write(c.CreatedAtMs, NpgsqlDbType.Bigint);
                    copy.Write("packer", NpgsqlDbType.Text);
                }

                await copy.CompleteAsync(ct);
            }
        }

        _unitConnection = await OpenAsync(ct);
        _units = await _unitConnection.BeginBinaryImportAsync(
            "COPY produced_unit (serial, order_id, product, operation_seq, machine_id, operator, produced_at_ms, quality, scrap_reason, process_values, container_id) FROM STDIN (FORMAT BINARY)", ct);
        _linkConnection = await OpenAsync(ct);
        _links = await _linkConnection.BeginBinaryImportAsync(
            "COPY genealogy_link (kind, source_lot, target_kind, target_id, quantity, unit, order_id, operation_seq, machine_id, at_ms, by_user) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var link in lotLinks)
        {
            await WriteLinkAsync(link, ct);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var replica = new NpgsqlCommand("SET session_replication_role = replica", connection);
        await replica.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public ValueTask WriteUnitAsync(UnitRow u, CancellationToken ct)
    {
        // The synchronous writes buffer and send a full buffer at a time: per-value async calls would cost more than the COPY.
        var copy = _units!;
        copy.StartRow();
        copy.Write(u.Serial, NpgsqlDbType.Text);
        copy.Write(u.OrderId, NpgsqlDbType.Text);
        copy.Write(u.Product, NpgsqlDbType.Text);
        copy.Write(10, NpgsqlDbType.Integer);
        copy.Write(u.MachineId, NpgsqlDbType.Text);
        copy.Write(By, NpgsqlDbType.Text);
        copy.Write(u.ProducedAtMs, NpgsqlDbType.Bigint);
        copy.Write(u.Scrap ? "scrap" : "good", NpgsqlDbType.Text);
        WriteText(copy, u.Scrap ? "bore oversize" : null);
        copy.Write(u.ProcessValues, NpgsqlDbType.Text);
        WriteText(copy, u.ContainerId);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteLinkAsync(LinkRow l, CancellationToken ct)
    {
        var copy = _links!;
        copy.StartRow();
        copy.Write(l.Kind, NpgsqlDbType.Text);
        copy.Write(l.SourceLot, NpgsqlDbType.Text);
        copy.Write(l.TargetKind, NpgsqlDbType.Text);
        copy.Write(l.TargetId, NpgsqlDbType.Text);
        copy.Write(l.Quantity, NpgsqlDbType.Numeric);
        copy.Write(l.Unit, NpgsqlDbType.Text);
        WriteText(copy, l.OrderId);
        if (l.OrderId is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(10, NpgsqlDbType.Integer);
        }

        WriteText(copy, l.MachineId);
        copy.Write(l.AtMs, NpgsqlDbType.Bigint);
        copy.Write(By, NpgsqlDbType.Text);
        return ValueTask.CompletedTask;
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await _units!.CompleteAsync(ct);
        await _links!.CompleteAsync(ct);
        await _units.DisposeAsync();
        await _links.DisposeAsync();
        _units = _links = null;
    }

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_units is not null)
        {
            await _units.DisposeAsync();
        }

        if (_links is not null)
        {
            await _links.DisposeAsync();
        }

        if (_unitConnection is not null)
        {
            await _unitConnection.DisposeAsync();
        }

        if (_linkConnection is not null)
        {
            await _linkConnection.DisposeAsync();
        }
    }
}

/// <summary>
/// Bulk-loads a generated history into SQLite: prepared inserts, 100,000 rows per transaction, on one connection
/// (synchronous and foreign-key checks off for this connection only, as on PostgreSQL: the generator writes every
/// referenced row first, and a crash during the load only loses the bench's data).
/// </summary>
public sealed class SqliteHistorySink(string connectionString) : IHistorySink, IAsyncDisposable
{
    private const int RowsPerTransaction = 100_000;
    private readonly SqliteConnection _connection = new(connectionString);
    private SqliteTransaction? _transaction;
    private SqliteCommand? _unit;
    private SqliteCommand? _link;
    private int _rows;

    public async Task WriteMastersAsync(IReadOnlyList<OrderRow> orders, IReadOnlyList<LotRow> lots, IReadOnlyList<LinkRow> lotLinks, IReadOnlyList<ContainerRow> containers, CancellationToken ct)
    {
        await _connection.OpenAsync(ct);
        await using (var pragma = new SqliteCommand("PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF", _connection))
        {
            await pragma.ExecuteNonQueryAsync(ct);
        }

        _transaction = _connection.BeginTransaction();
        await using (var order = Command(
            "INSERT INTO work_order (id, product, quantity, unit, priority, status, version, created_at_ms, created_by, updated_at_ms, released_at_ms, started_at_ms, completed_at_ms, closed_at_ms) VALUES ($id, $product, $quantity, 'pcs', 5, 'closed', 6, $created, 'planner', $closed, $released, $start, $end, $closed)",
            "$id", "$product", "$quantity", "$created", "$closed", "$released", "$start", "$end"))
        {
            foreach (var o in orders)
            {
                await RunAsync(order, ct, o.Id, o.Product, (decimal)o.Quantity, o.StartMs - 86_400_000, o.EndMs + 3_600_000, o.StartMs - 3_600_000, o.StartMs, o.EndMs);
            }
        }

        await using (var lot = Command(
            "INSERT INTO material_lot (id, material, quantity, remaining, unit, status, origin, supplier, supplier_lot, created_at_ms, created_by, version) VALUES ($id, $material, $quantity, $remaining, $unit, $status, $origin, $supplier, $supplierLot, $created, 'stores', 1)",
            "$id", "$material", "$quantity", "$remaining", "$unit", "$status", "$origin", "$supplier", "$supplierLot", "$created"))
        {
            foreach (var l in lots)
            {
                await RunAsync(lot, ct, l.Id, l.Material, l.Quantity, l.Remaining, l.Unit, l.Status, l.Origin, l.Supplier, l.SupplierLot, l.CreatedAtMs);
            }
        }

        await using (var container = Command(
            "INSERT INTO container (id, kind, parent_id, created_at_ms, created_by) VALUES ($id, $kind, $parent, $created, 'packer')", "$id", "$kind", "$parent", "$created"))
        {
            foreach (var c in containers)
            {
                await RunAsync(container, ct, c.Id, c.Kind, c.ParentId, c.CreatedAtMs);
            }
        }

        _unit = Command(
            "INSERT INTO produced_unit (serial, order_id, product, operation_seq, machine_id, operator, produced_at_ms, quality, scrap_reason, process_values, container_id) VALUES ($serial, $order, $product, 10, $machine, 'api:mes', $at, $quality, $scrapReason, $pv, $container)",
            "$serial", "$order", "$product", "$machine", "$at", "$quality", "$scrapReason", "$pv", "$container");
        _link = Command(
            "INSERT INTO genealogy_link (kind, source_lot, target_kind, target_id, quantity, unit, order_id, operation_seq, machine_id, at_ms, by_user) VALUES ($kind, $source, $targetKind, $target, $quantity, $unit, $order, $seq, $machine, $at, 'api:mes')",
            "$kind", "$source", "$targetKind", "$target", "$quantity", "$unit", "$order", "$seq", "$machine", "$at");
        foreach (var link in lotLinks)
        {
            await WriteLinkAsync(link, ct);
        }
    }

    public async ValueTask WriteUnitAsync(UnitRow u, CancellationToken ct)
    {
        await RunAsync(_unit!, ct, u.Serial, u.OrderId, u.Product, u.MachineId, u.ProducedAtMs, u.Scrap ? "scrap" : "good", u.Scrap ? "bore oversize" : null, u.ProcessValues, u.ContainerId);
        await NextAsync(ct);
    }

    public async ValueTask WriteLinkAsync(LinkRow l, CancellationToken ct)
    {
        await RunAsync(_link!, ct, l.Kind, l.SourceLot, l.TargetKind, l.TargetId, l.Quantity, l.Unit, l.OrderId, l.OrderId is null ? null : 10, l.MachineId, l.AtMs);
        await NextAsync(ct);
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await _transaction!.CommitAsync(ct);
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    private async ValueTask NextAsync(CancellationToken ct)
    {
        if (++_rows % RowsPerTransaction == 0)
        {
            await _transaction!.CommitAsync(ct);
            await _transaction.DisposeAsync();
            _transaction = _connection.BeginTransaction();
            _unit!.Transaction = _transaction;
            _link!.Transaction = _transaction;
        }
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = new SqliteCommand(sql, _connection, _transaction);
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static async ValueTask RunAsync(SqliteCommand command, CancellationToken ct, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_unit is not null)
        {
            await _unit.DisposeAsync();
        }

        if (_link is not null)
        {
            await _link.DisposeAsync();
        }

        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}
