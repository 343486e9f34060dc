using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Plant;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Plant;

public sealed class PlantRevisionsTests
{
    [Fact]
    public async Task Start_SamePlantTwiceThenChanged_StoresOneRevisionPerDistinctContent()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var demo = PlantFileLocator.Find(PlantSetup.DefaultPlantFile, AppContext.BaseDirectory)!;
        var changed = Path.Combine(Path.GetTempPath(), $"smartshop-plant-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(changed, await File.ReadAllTextAsync(demo) + "\n# edited by the shift engineer\n");
        try
        {
            foreach (var file in new[] { demo, demo, changed })
            {
                await using var app = new SmartShopApp(database, file);
                using var client = app.CreateClient();
                (await client.GetAsync("/health")).EnsureSuccessStatusCode();
            }

            await using var db = database.CreateContext();
            var revisions = await db.PlantRevisions.OrderBy(r => r.Id).Select(r => r.SourceFile).ToListAsync();

            Assert.Equal([demo, changed], revisions);
        }
        finally
        {
            File.Delete(changed);
        }
    }
}
