using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>
/// A Mirakl document downloaded (S31) into a temp file under <c>Runtime:TempPath</c>, deleted on dispose whatever
/// happened (the predecessor never deleted them).
/// </summary>
internal sealed class StagedFile : IAsyncDisposable
{
    private readonly FileStream _stream;

    private StagedFile(string path, FileStream stream, string fileName, string contentType)
    {
        Path = path;
        _stream = stream;
        FileName = fileName;
        ContentType = contentType;
    }

    public string Path { get; }

    public string FileName { get; }

    public string ContentType { get; }

    public static async Task<StagedFile> DownloadAsync(IMiraklClient mirakl, string tempPath, MiraklShopDocument document, CancellationToken ct)
    {
        Directory.CreateDirectory(tempPath);
        var fileName = KycDocumentTypes.SafeFileName(document.FileName, document.Id);
        var path = System.IO.Path.Combine(tempPath, Guid.NewGuid().ToString("N") + "-" + fileName);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var download = await mirakl.DownloadDocumentAsync(document.Id, stream, ct);
            stream.Position = 0;
            return new StagedFile(path, stream, fileName, download.ContentType ?? "application/octet-stream");
        }
        catch
        {
            await stream.DisposeAsync();
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The file as a multipart part, read from the start.</summary>
    public HiPayFile ToHiPayFile()
    {
        _stream.Position = 0;
        return new HiPayFile(_stream, FileName, ContentType);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        File.Delete(Path);
    }
}
