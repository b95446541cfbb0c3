using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// Stores a JSON document in a table entity as gzip-compressed binary properties of at most 64 KiB each (a table
/// property's limit), within the 1 MiB entity limit that Azurite does not enforce but Azure does.
/// </summary>
internal static class CompressedJson
{
    private const int ChunkBytes = 60 * 1024;
    private const int MaxChunks = 14;
    private const string Prefix = "Doc";

    /// <summary>The most compressed bytes an entity holds.</summary>
    public const int MaxBytes = ChunkBytes * MaxChunks;

    public static byte[] Compress<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, value, typeInfo);
        }

        return buffer.ToArray();
    }

    /// <summary>Why the compressed form does not fit in an entity, or null.</summary>
    public static string? Problem(byte[] bytes) =>
        bytes.Length > MaxBytes ? $"stored form is {bytes.Length} bytes compressed, over the {MaxBytes} bytes a table entity can hold (the raw document is kept in the archive only)" : null;

    public static void Write<T>(TableEntity entity, T value, JsonTypeInfo<T> typeInfo) => Write(entity, Compress(value, typeInfo));

    public static void Write(TableEntity entity, byte[] bytes)
    {
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        if (Problem(bytes) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        entity["DocChunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[$"{Prefix}{i:D2}"] = bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }
    }

    public static T Read<T>(TableEntity entity, JsonTypeInfo<T> typeInfo)
    {
        var chunks = entity.GetInt32("DocChunks") ?? 0;
        using var buffer = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            buffer.Write(entity.GetBinary($"{Prefix}{i:D2}"));
        }

        buffer.Position = 0;
        using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
        return JsonSerializer.Deserialize(gzip, typeInfo) ?? throw new InvalidDataException("stored document is empty");
    }
}
