using Microsoft.EntityFrameworkCore;

namespace SmartShop.Server.Data;

/// <summary>
/// The one EF Core model, mapped by hand to the versioned SQL schema in Data/Schema (one script set per provider).
/// Table and column names are explicit so that both providers and the SQL scripts agree; a test compares the
/// model with the migrated database on SQLite and PostgreSQL.
/// </summary>
public sealed class SmartShopDb(DbContextOptions<SmartShopDb> options) : DbContext(options)
{
    public DbSet<GrainStateRow> GrainStates => Set<GrainStateRow>();

    public DbSet<PlantRevisionRow> PlantRevisions => Set<PlantRevisionRow>();

    public DbSet<MachineLedgerRow> MachineLedgers => Set<MachineLedgerRow>();

    public DbSet<OeeIntervalRow> OeeIntervals => Set<OeeIntervalRow>();

    public DbSet<DowntimeEventRow> DowntimeEvents => Set<DowntimeEventRow>();

    public DbSet<DowntimeReasonChangeRow> DowntimeReasonChanges => Set<DowntimeReasonChangeRow>();

    public DbSet<AppUserRow> Users => Set<AppUserRow>();

    public DbSet<AuditEntryRow> AuditEntries => Set<AuditEntryRow>();

    public DbSet<WorkOrderRow> WorkOrders => Set<WorkOrderRow>();

    public DbSet<MaterialLotRow> Lots => Set<MaterialLotRow>();

    public DbSet<ContainerRow> Containers => Set<ContainerRow>();

    public DbSet<ProducedUnitRow> Units => Set<ProducedUnitRow>();

    public DbSet<GenealogyLinkRow> GenealogyLinks => Set<GenealogyLinkRow>();

    public DbSet<CodeCounterRow> CodeCounters => Set<CodeCounterRow>();

    public DbSet<IdempotentRequestRow> IdempotentRequests => Set<IdempotentRequestRow>();

    public DbSet<AndonCallRow> AndonCalls => Set<AndonCallRow>();

    public DbSet<HandoverNoteRow> HandoverNotes => Set<HandoverNoteRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<GrainStateRow>(e =>
        {
            e.ToTable("grain_state");
            e.HasKey(x => new { x.GrainType, x.GrainKey, x.StateName });
            e.Property(x => x.GrainType).HasColumnName("grain_type");
            e.Property(x => x.GrainKey).HasColumnName("grain_key");
            e.Property(x => x.StateName).HasColumnName("state_name");
            e.Property(x => x.Payload).HasColumnName("payload");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });

        modelBuilder.Entity<PlantRevisionRow>(e =>
        {
            e.ToTable("plant_revision");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Sha256).HasColumnName("sha256");
            e.Property(x => x.SourceFile).HasColumnName("source_file");
            e.Property(x => x.Content).HasColumnName("content");
            e.Property(x => x.LoadedAt).HasColumnName("loaded_at");
            e.HasIndex(x => x.Sha256).HasDatabaseName("ix_plant_revision_sha256");
        });

        modelBuilder.Entity<MachineLedgerRow>(e =>
        {
            e.ToTable("machine_ledger");
            e.HasKey(x => x.MachineId);
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.Payload).HasColumnName("payload");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });

        modelBuilder.Entity<OeeIntervalRow>(e =>
        {
            e.ToTable("oee_interval");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.StartMs).HasColumnName("start_ms");
            e.Property(x => x.EndMs).HasColumnName("end_ms");
            e.Property(x => x.State).HasColumnName("state");
            e.Property(x => x.Element).HasColumnName("element");
            e.Property(x => x.Calendar).HasColumnName("calendar");
            e.Property(x => x.ShiftId).HasColumnName("shift_id");
            e.Property(x => x.ProductionDay).HasColumnName("production_day");
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.ProductId).HasColumnName("product_id");
            e.Property(x => x.IdealCycleMs).HasColumnName("ideal_cycle_ms");
            e.Property(x => x.StopId).HasColumnName("stop_id");
            e.Property(x => x.StopStart).HasColumnName("stop_start");
            e.Property(x => x.MicroStop).HasColumnName("micro_stop");
            e.Property(x => x.Good).HasColumnName("good");
            e.Property(x => x.Scrap).HasColumnName("scrap");
            e.HasIndex(x => new { x.MachineId, x.StartMs }).HasDatabaseName("ix_oee_interval_machine_start");
            e.HasIndex(x => new { x.ProductionDay, x.MachineId }).HasDatabaseName("ix_oee_interval_day");
            e.HasIndex(x => new { x.OrderId, x.MachineId }).HasDatabaseName("ix_oee_interval_order").HasFilter("order_id IS NOT NULL");
        });

        modelBuilder.Entity<DowntimeEventRow>(e =>
        {
            e.ToTable("downtime_event");
            e.HasKey(x => new { x.MachineId, x.StopId });
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.StopId).HasColumnName("stop_id");
            e.Property(x => x.StartMs).HasColumnName("start_ms");
            e.Property(x => x.EndMs).HasColumnName("end_ms");
            e.Property(x => x.State).HasColumnName("state");
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.MicroStop).HasColumnName("micro_stop");
            e.Property(x => x.PlcCode).HasColumnName("plc_code");
            e.HasIndex(x => x.StartMs).HasDatabaseName("ix_downtime_event_start");
        });

        modelBuilder.Entity<DowntimeReasonChangeRow>(e =>
        {
            e.ToTable("downtime_reason_change");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.StopId).HasColumnName("stop_id");
            e.Property(x => x.Seq).HasColumnName("seq");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Part).HasColumnName("part");
            e.Property(x => x.SplitAtMs).HasColumnName("split_at_ms");
            e.Property(x => x.OldReasonId).HasColumnName("old_reason_id");
            e.Property(x => x.OldSource).HasColumnName("old_source");
            e.Property(x => x.NewReasonId).HasColumnName("new_reason_id");
            e.Property(x => x.ChangedAtMs).HasColumnName("changed_at_ms");
            e.Property(x => x.ChangedBy).HasColumnName("changed_by");
            e.Property(x => x.Why).HasColumnName("why");
            e.Property(x => x.SignedBy).HasColumnName("signed_by");
            e.Property(x => x.SignatureMeaning).HasColumnName("signature_meaning");
            e.HasIndex(x => new { x.MachineId, x.StopId, x.Seq }).IsUnique().HasDatabaseName("ux_downtime_reason_change_seq");
        });

        modelBuilder.Entity<AppUserRow>(e =>
        {
            e.ToTable("app_user");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.UserName).HasColumnName("user_name");
            e.Property(x => x.DisplayName).HasColumnName("display_name");
            e.Property(x => x.Roles).HasColumnName("roles");
            e.Property(x => x.PasswordHash).HasColumnName("password_hash");
            e.Property(x => x.PinHash).HasColumnName("pin_hash");
            e.Property(x => x.BadgeSha256).HasColumnName("badge_sha256");
            e.Property(x => x.Active).HasColumnName("active");
            e.Property(x => x.FailedSignIns).HasColumnName("failed_sign_ins");
            e.Property(x => x.LockedUntilMs).HasColumnName("locked_until_ms");
            e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(x => x.UpdatedAtMs).HasColumnName("updated_at_ms");
            e.HasIndex(x => x.UserName).IsUnique().HasDatabaseName("ux_app_user_name");
            e.HasIndex(x => x.BadgeSha256).IsUnique().HasDatabaseName("ux_app_user_badge");
        });

        modelBuilder.Entity<AuditEntryRow>(e =>
        {
            e.ToTable("audit_entry");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedNever();
            e.Property(x => x.AtMs).HasColumnName("at_ms");
            e.Property(x => x.UserName).HasColumnName("user_name");
            e.Property(x => x.Action).HasColumnName("action");
            e.Property(x => x.EntityType).HasColumnName("entity_type");
            e.Property(x => x.EntityId).HasColumnName("entity_id");
            e.Property(x => x.OldValue).HasColumnName("old_value");
            e.Property(x => x.NewValue).HasColumnName("new_value");
            e.Property(x => x.Why).HasColumnName("why");
            e.Property(x => x.SignedBy).HasColumnName("signed_by");
            e.Property(x => x.SignatureMeaning).HasColumnName("signature_meaning");
            e.Property(x => x.PrevHash).HasColumnName("prev_hash");
            e.Property(x => x.Hash).HasColumnName("hash");
            e.HasIndex(x => new { x.EntityType, x.EntityId, x.Seq }).HasDatabaseName("ix_audit_entry_entity");
        });

        modelBuilder.Entity<WorkOrderRow>(e =>
        {
            e.ToTable("work_order");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Product).HasColumnName("product");
            e.Property(x => x.Quantity).HasColumnName("quantity").HasPrecision(18, 6);
            e.Property(x => x.Unit).HasColumnName("unit");
            e.Property(x => x.DueAtMs).HasColumnName("due_at_ms");
            e.Property(x => x.Priority).HasColumnName("priority");
            e.Property(x => x.Description).HasColumnName("description");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(x => x.CreatedBy).HasColumnName("created_by");
            e.Property(x => x.UpdatedAtMs).HasColumnName("updated_at_ms");
            e.Property(x => x.ReleasedAtMs).HasColumnName("released_at_ms");
            e.Property(x => x.StartedAtMs).HasColumnName("started_at_ms");
            e.Property(x => x.CompletedAtMs).HasColumnName("completed_at_ms");
            e.Property(x => x.ClosedAtMs).HasColumnName("closed_at_ms");
            e.Property(x => x.CancelledAtMs).HasColumnName("cancelled_at_ms");
            e.HasIndex(x => new { x.Status, x.DueAtMs }).HasDatabaseName("ix_work_order_status");
            e.HasMany(x => x.Operations).WithOne().HasForeignKey(x => x.OrderId);
            e.HasMany(x => x.Materials).WithOne().HasForeignKey(x => x.OrderId);
        });

        modelBuilder.Entity<WorkOrderOperationRow>(e =>
        {
            e.ToTable("work_order_operation");
            e.HasKey(x => new { x.OrderId, x.Seq });
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedNever();
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.LineId).HasColumnName("line_id");
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.HasIndex(x => x.LineId).HasDatabaseName("ix_work_order_operation_line");
            e.HasIndex(x => x.MachineId).HasDatabaseName("ix_work_order_operation_machine");
        });

        modelBuilder.Entity<WorkOrderMaterialRow>(e =>
        {
            e.ToTable("work_order_material");
            e.HasKey(x => new { x.OrderId, x.LineNo });
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.LineNo).HasColumnName("line_no").ValueGeneratedNever();
            e.Property(x => x.Material).HasColumnName("material");
            e.Property(x => x.QuantityPerUnit).HasColumnName("quantity_per_unit").HasPrecision(18, 6);
            e.Property(x => x.Unit).HasColumnName("unit");
            e.Property(x => x.OperationSeq).HasColumnName("operation_seq");
        });

        modelBuilder.Entity<MaterialLotRow>(e =>
        {
            e.ToTable("material_lot");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Material).HasColumnName("material");
            e.Property(x => x.Quantity).HasColumnName("quantity").HasPrecision(18, 6);
            e.Property(x => x.Remaining).HasColumnName("remaining").HasPrecision(18, 6);
            e.Property(x => x.Unit).HasColumnName("unit");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Origin).HasColumnName("origin");
            e.Property(x => x.Supplier).HasColumnName("supplier");
            e.Property(x => x.SupplierLot).HasColumnName("supplier_lot");
            e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(x => x.CreatedBy).HasColumnName("created_by");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.HasIndex(x => x.Material).HasDatabaseName("ix_material_lot_material");
            e.HasIndex(x => new { x.CreatedAtMs, x.Id }).HasDatabaseName("ix_material_lot_created");
            e.HasIndex(x => new { x.Status, x.CreatedAtMs, x.Id }).HasDatabaseName("ix_material_lot_status");
        });

        modelBuilder.Entity<ContainerRow>(e =>
        {
            e.ToTable("container");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.ParentId).HasColumnName("parent_id");
            e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(x => x.CreatedBy).HasColumnName("created_by");
            e.HasIndex(x => x.ParentId).HasDatabaseName("ix_container_parent");
        });

        modelBuilder.Entity<ProducedUnitRow>(e =>
        {
            e.ToTable("produced_unit");
            e.HasKey(x => x.Serial);
            e.Property(x => x.Serial).HasColumnName("serial");
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.Product).HasColumnName("product");
            e.Property(x => x.OperationSeq).HasColumnName("operation_seq");
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.Operator).HasColumnName("operator");
            e.Property(x => x.ProducedAtMs).HasColumnName("produced_at_ms");
            e.Property(x => x.Quality).HasColumnName("quality");
            e.Property(x => x.ScrapReason).HasColumnName("scrap_reason");
            e.Property(x => x.ProcessValues).HasColumnName("process_values");
            e.Property(x => x.ContainerId).HasColumnName("container_id");
            e.HasIndex(x => new { x.OrderId, x.ProducedAtMs }).HasDatabaseName("ix_produced_unit_order");
            e.HasIndex(x => x.ContainerId).HasDatabaseName("ix_produced_unit_container");
        });

        modelBuilder.Entity<GenealogyLinkRow>(e =>
        {
            e.ToTable("genealogy_link");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.SourceLot).HasColumnName("source_lot");
            e.Property(x => x.TargetKind).HasColumnName("target_kind");
            e.Property(x => x.TargetId).HasColumnName("target_id");
            e.Property(x => x.Quantity).HasColumnName("quantity").HasPrecision(18, 6);
            e.Property(x => x.Unit).HasColumnName("unit");
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.OperationSeq).HasColumnName("operation_seq");
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.AtMs).HasColumnName("at_ms");
            e.Property(x => x.By).HasColumnName("by_user");
            e.HasIndex(x => x.SourceLot).HasDatabaseName("ix_genealogy_source");
            e.HasIndex(x => new { x.SourceLot, x.TargetId }).HasDatabaseName("ix_genealogy_lot_source").HasFilter("target_kind = 'lot'");
            e.HasIndex(x => new { x.TargetKind, x.TargetId }).HasDatabaseName("ix_genealogy_target");
        });

        modelBuilder.Entity<CodeCounterRow>(e =>
        {
            e.ToTable("code_counter");
            e.HasKey(x => x.Scope);
            e.Property(x => x.Scope).HasColumnName("scope");
            e.Property(x => x.Next).HasColumnName("next");
        });

        modelBuilder.Entity<IdempotentRequestRow>(e =>
        {
            e.ToTable("idempotent_request");
            e.HasKey(x => new { x.UserName, x.Key });
            e.Property(x => x.Key).HasColumnName("idem_key");
            e.Property(x => x.UserName).HasColumnName("user_name");
            e.Property(x => x.Method).HasColumnName("method");
            e.Property(x => x.Path).HasColumnName("path");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.ContentType).HasColumnName("content_type");
            e.Property(x => x.Body).HasColumnName("body");
            e.Property(x => x.AtMs).HasColumnName("at_ms");
        });

        modelBuilder.Entity<AndonCallRow>(e =>
        {
            e.ToTable("andon_call");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Station).HasColumnName("station");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Note).HasColumnName("note");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Level).HasColumnName("level");
            e.Property(x => x.RaisedAtMs).HasColumnName("raised_at_ms");
            e.Property(x => x.RaisedBy).HasColumnName("raised_by");
            e.Property(x => x.AcknowledgedAtMs).HasColumnName("acknowledged_at_ms");
            e.Property(x => x.AcknowledgedBy).HasColumnName("acknowledged_by");
            e.Property(x => x.ClosedAtMs).HasColumnName("closed_at_ms");
            e.Property(x => x.ClosedBy).HasColumnName("closed_by");
            e.Property(x => x.Resolution).HasColumnName("resolution");
            e.Property(x => x.EscalatedAtMs).HasColumnName("escalated_at_ms");
            e.HasIndex(x => new { x.Status, x.RaisedAtMs }).HasDatabaseName("ix_andon_call_status");
        });

        modelBuilder.Entity<HandoverNoteRow>(e =>
        {
            e.ToTable("handover_note");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Station).HasColumnName("station");
            e.Property(x => x.ShiftId).HasColumnName("shift_id");
            e.Property(x => x.ProductionDay).HasColumnName("production_day");
            e.Property(x => x.Text).HasColumnName("text");
            e.Property(x => x.WrittenAtMs).HasColumnName("written_at_ms");
            e.Property(x => x.WrittenBy).HasColumnName("written_by");
            e.HasIndex(x => new { x.Station, x.WrittenAtMs }).HasDatabaseName("ix_handover_note_station");
        });
    }
}

/// <summary>A machine grain's ledger state (JSON); <see cref="Version"/> guards against two writers.</summary>
public sealed class MachineLedgerRow
{
    public required string MachineId { get; set; }

    public required string Payload { get; set; }

    public long Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One settled <see cref="Core.Oee.LedgerInterval"/>; times in Unix milliseconds, enums as numbers.</summary>
public sealed class OeeIntervalRow
{
    public long Id { get; set; }

    public required string MachineId { get; set; }

    public long StartMs { get; set; }

    public long EndMs { get; set; }

    public short State { get; set; }

    public short Element { get; set; }

    public short Calendar { get; set; }

    public string? ShiftId { get; set; }

    public DateOnly ProductionDay { get; set; }

    public string? OrderId { get; set; }

    public string? ProductId { get; set; }

    public long? IdealCycleMs { get; set; }

    public long? StopId { get; set; }

    public bool StopStart { get; set; }

    public bool MicroStop { get; set; }

    public long Good { get; set; }

    public long Scrap { get; set; }
}

/// <summary>A stop of a machine (downtime event); <see cref="EndMs"/> is null while it lasts.</summary>
public sealed class DowntimeEventRow
{
    public required string MachineId { get; set; }

    public long StopId { get; set; }

    public long StartMs { get; set; }

    public long? EndMs { get; set; }

    public short State { get; set; }

    public string? OrderId { get; set; }

    public bool MicroStop { get; set; }

    public int? PlcCode { get; set; }
}

/// <summary>
/// One entry of a stop's reason ledger (a classification or a split), appended and never changed; see
/// <see cref="Core.Downtime.ReasonChange"/>. Kind is "classify" or "split", OldSource "none", "plc" or "manual".
/// </summary>
public sealed class DowntimeReasonChangeRow
{
    public long Id { get; set; }

    public required string MachineId { get; set; }

    public long StopId { get; set; }

    /// <summary>1, 2, ... per stop; unique with the stop, so concurrent writers cannot both append the same entry.</summary>
    public int Seq { get; set; }

    public required string Kind { get; set; }

    public int Part { get; set; }

    public long? SplitAtMs { get; set; }

    public string? OldReasonId { get; set; }

    public required string OldSource { get; set; }

    public required string NewReasonId { get; set; }

    public long ChangedAtMs { get; set; }

    public required string ChangedBy { get; set; }

    public required string Why { get; set; }

    public string? SignedBy { get; set; }

    public string? SignatureMeaning { get; set; }
}

/// <summary>One persisted grain state; <see cref="Version"/> is the ETag (incremented by every write).</summary>
public sealed class GrainStateRow
{
    public required string GrainType { get; set; }

    public required string GrainKey { get; set; }

    public required string StateName { get; set; }

    /// <summary>The state serialised as JSON.</summary>
    public required string Payload { get; set; }

    public long Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A plant file as it was when the server started with it: kept so that figures can later be traced to the
/// configuration (machines, ideal cycle times, thresholds) that produced them. A new row only when the content changes.
/// </summary>
public sealed class PlantRevisionRow
{
    public long Id { get; set; }

    public required string Sha256 { get; set; }

    public required string SourceFile { get; set; }

    public required string Content { get; set; }

    public DateTimeOffset LoadedAt { get; set; }
}

/// <summary>A person who signs in; secrets only as hashes (see schema 0005).</summary>
public sealed class AppUserRow
{
    public long Id { get; set; }

    /// <summary>Lower-case.</summary>
    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>Comma-separated role names.</summary>
    public required string Roles { get; set; }

    public string? PasswordHash { get; set; }

    public string? PinHash { get; set; }

    public string? BadgeSha256 { get; set; }

    public bool Active { get; set; }

    public int FailedSignIns { get; set; }

    public long? LockedUntilMs { get; set; }

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }
}

/// <summary>One audit-trail entry, appended and never changed; <see cref="Hash"/> chains it to the one before.</summary>
public sealed class AuditEntryRow
{
    public long Seq { get; set; }

    public long AtMs { get; set; }

    public required string UserName { get; set; }

    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    public string? Why { get; set; }

    public string? SignedBy { get; set; }

    public string? SignatureMeaning { get; set; }

    public required string PrevHash { get; set; }

    public required string Hash { get; set; }
}

/// <summary>A work order (schema 0006); <see cref="Status"/> is the lower-case lifecycle word.</summary>
public sealed class WorkOrderRow
{
    public required string Id { get; set; }

    public required string Product { get; set; }

    public decimal Quantity { get; set; }

    public required string Unit { get; set; }

    public long? DueAtMs { get; set; }

    public int Priority { get; set; }

    public string? Description { get; set; }

    public required string Status { get; set; }

    public int Version { get; set; }

    public long CreatedAtMs { get; set; }

    public required string CreatedBy { get; set; }

    public long UpdatedAtMs { get; set; }

    public long? ReleasedAtMs { get; set; }

    public long? StartedAtMs { get; set; }

    public long? CompletedAtMs { get; set; }

    public long? ClosedAtMs { get; set; }

    public long? CancelledAtMs { get; set; }

    public List<WorkOrderOperationRow> Operations { get; set; } = [];

    public List<WorkOrderMaterialRow> Materials { get; set; } = [];
}

public sealed class WorkOrderOperationRow
{
    public required string OrderId { get; set; }

    public int Seq { get; set; }

    public required string Name { get; set; }

    public string? LineId { get; set; }

    public string? MachineId { get; set; }
}

public sealed class WorkOrderMaterialRow
{
    public required string OrderId { get; set; }

    public int LineNo { get; set; }

    public required string Material { get; set; }

    public decimal QuantityPerUnit { get; set; }

    public required string Unit { get; set; }

    public int? OperationSeq { get; set; }
}

/// <summary>A lot of material (schema 0007); Status and Origin are the lower-case words of the schema.</summary>
public sealed class MaterialLotRow
{
    public required string Id { get; set; }

    public required string Material { get; set; }

    public decimal Quantity { get; set; }

    public decimal Remaining { get; set; }

    public required string Unit { get; set; }

    public required string Status { get; set; }

    public required string Origin { get; set; }

    public string? Supplier { get; set; }

    public string? SupplierLot { get; set; }

    public long CreatedAtMs { get; set; }

    public required string CreatedBy { get; set; }

    public int Version { get; set; }
}

/// <summary>A case or a pallet; a case may sit on a pallet (<see cref="ParentId"/>).</summary>
public sealed class ContainerRow
{
    public required string Id { get; set; }

    public required string Kind { get; set; }

    public string? ParentId { get; set; }

    public long CreatedAtMs { get; set; }

    public required string CreatedBy { get; set; }
}

/// <summary>One unit an order produced, by serial number.</summary>
public sealed class ProducedUnitRow
{
    public required string Serial { get; set; }

    public required string OrderId { get; set; }

    public required string Product { get; set; }

    public int? OperationSeq { get; set; }

    public string? MachineId { get; set; }

    public required string Operator { get; set; }

    public long ProducedAtMs { get; set; }

    /// <summary>good or scrap.</summary>
    public required string Quality { get; set; }

    public string? ScrapReason { get; set; }

    /// <summary>JSON: the machine's values when the unit was made.</summary>
    public string? ProcessValues { get; set; }

    public string? ContainerId { get; set; }
}

/// <summary>A lot that went into a unit (consume) or into another lot (split, merge).</summary>
public sealed class GenealogyLinkRow
{
    public long Id { get; set; }

    public required string Kind { get; set; }

    public required string SourceLot { get; set; }

    /// <summary>unit or lot.</summary>
    public required string TargetKind { get; set; }

    public required string TargetId { get; set; }

    public decimal Quantity { get; set; }

    public required string Unit { get; set; }

    public string? OrderId { get; set; }

    public int? OperationSeq { get; set; }

    public string? MachineId { get; set; }

    public long AtMs { get; set; }

    public required string By { get; set; }
}

public sealed class CodeCounterRow
{
    public required string Scope { get; set; }

    public long Next { get; set; }
}

/// <summary>A request's first answer, kept under its Idempotency-Key (status null while the first is still running).</summary>
public sealed class IdempotentRequestRow
{
    public required string Key { get; set; }

    public required string UserName { get; set; }

    public required string Method { get; set; }

    public required string Path { get; set; }

    public int? Status { get; set; }

    public string? ContentType { get; set; }

    public byte[]? Body { get; set; }

    public long AtMs { get; set; }
}

/// <summary>An andon call (schema 0008); Kind and Status are the lower-case words.</summary>
public sealed class AndonCallRow
{
    public long Id { get; set; }

    public required string Station { get; set; }

    public required string Kind { get; set; }

    public string? Note { get; set; }

    public required string Status { get; set; }

    public int Level { get; set; }

    public long RaisedAtMs { get; set; }

    public required string RaisedBy { get; set; }

    public long? AcknowledgedAtMs { get; set; }

    public string? AcknowledgedBy { get; set; }

    public long? ClosedAtMs { get; set; }

    public string? ClosedBy { get; set; }

    public string? Resolution { get; set; }

    public long? EscalatedAtMs { get; set; }
}

/// <summary>A shift handover note of a station.</summary>
public sealed class HandoverNoteRow
{
    public long Id { get; set; }

    public required string Station { get; set; }

    public string? ShiftId { get; set; }

    public DateOnly? ProductionDay { get; set; }

    public required string Text { get; set; }

    public long WrittenAtMs { get; set; }

    public required string WrittenBy { get; set; }
}
