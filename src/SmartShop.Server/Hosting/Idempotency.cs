using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Data;

namespace SmartShop.Server.Hosting;

/// <summary>
/// <c>Idempotency-Key</c> on POST and PUT requests to the API: the first answer (status, type, body) is kept per user
/// and key, and a repeat of the request gets it again (header <c>Idempotent-Replayed: true</c>) instead of being
/// applied a second time. Terminals queue actions while the network is down and resend them with their key, so an
/// action whose answer was lost is not applied twice. A key still being processed answers 409; a key reused for
/// another request answers 422. Answers of 500 and above are not kept, so the request can be tried again.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IDbContextFactory<SmartShopDb> contexts, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 100;
    private const int MaxStoredBody = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var key = request.Headers[Header].ToString();
        if (key.Length == 0 || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method))
            || !request.Path.StartsWithSegments("/api") || context.User.Identity?.Name is not { } user)
        {
            await next(context);
            return;
        }

        if (key.Length > MaxKeyLength)
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Bad Idempotency-Key", $"An Idempotency-Key has at most {MaxKeyLength} characters.");
            return;
        }

        var path = request.Path.Value ?? string.Empty;
        await using (var db = await contexts.CreateDbContextAsync(context.RequestAborted))
        {
            db.IdempotentRequests.Add(new IdempotentRequestRow
            {
                Key = key,
                UserName = user,
                Method = request.Method,
                Path = path,
                AtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            });
            try
            {
                await db.SaveChangesAsync(context.RequestAborted);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                var first = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.UserName == user && r.Key == key, context.RequestAborted);
                await ReplayAsync(context, first, path);
                return;
            }
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var kept = false;
        try
        {
            await next(context);
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            var row = await db.IdempotentRequests.FirstAsync(r => r.UserName == user && r.Key == key);
            if (context.Response.StatusCode < 500 && buffer.Length <= MaxStoredBody)
            {
                row.Status = context.Response.StatusCode;
                row.ContentType = context.Response.ContentType;
                row.Body = buffer.ToArray();
                kept = true;
            }
            else
            {
                db.IdempotentRequests.Remove(row);
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            if (!kept)
            {
                await ForgetAsync(user, key);
            }

            buffer.Position = 0;
            context.Response.Body = original;
            if (buffer.Length > 0)
            {
                await buffer.CopyToAsync(original, CancellationToken.None);
            }
        }
    }

    private async Task ForgetAsync(string user, string key)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.IdempotentRequests.Where(r => r.UserName == user && r.Key == key && r.Status == null).ExecuteDeleteAsync(CancellationToken.None);
    }

    private static async Task ReplayAsync(HttpContext context, IdempotentRequestRow? first, string path)
    {
        if (first is null)
        {
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, "Try again", "The first request with this Idempotency-Key has just ended; send it again.");
            return;
        }

        if (first.Method != context.Request.Method || first.Path != path)
        {
            await WriteProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                $"This Idempotency-Key was used for {first.Method} {first.Path}; use a new key for another request.");
            return;
        }

        if (first.Status is not { } status)
        {
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, "Still being processed", "The first request with this Idempotency-Key is still being processed; ask again in a moment.");
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (first.ContentType is not null)
        {
            context.Response.ContentType = first.ContentType;
        }

        if (first.Body is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path },
            options: null,
            contentType: "application/problem+json");
    }
}
