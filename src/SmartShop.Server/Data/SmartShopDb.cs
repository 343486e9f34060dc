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
    }
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
