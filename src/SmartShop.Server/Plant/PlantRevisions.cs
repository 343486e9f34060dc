using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Data;

namespace SmartShop.Server.Plant;

public static class PlantRevisions
{
    /// <summary>
    /// Stores the plant file the server starts with, unless the newest stored revision has the same content, so the
    /// configuration behind every later figure can be looked up.
    /// </summary>
    public static async Task RecordPlantRevisionAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var source = services.GetRequiredService<PlantCatalog>().Source;
        await using var db = await services.GetRequiredService<IDbContextFactory<SmartShopDb>>().CreateDbContextAsync(cancellationToken);
        var latest = await db.PlantRevisions.AsNoTracking()
            .OrderByDescending(r => r.Id)
            .Select(r => r.Sha256)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest == source.Sha256)
        {
            return;
        }

        db.PlantRevisions.Add(new PlantRevisionRow
        {
            Sha256 = source.Sha256,
            SourceFile = source.FullPath,
            Content = source.Content,
            LoadedAt = source.LoadedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
