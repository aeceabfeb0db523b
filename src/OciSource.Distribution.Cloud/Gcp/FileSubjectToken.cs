using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>A file-sourced subject token (<c>credential_source.file</c>), read anew for every exchange (it is rotated on disk).</summary>
internal sealed class FileSubjectToken(string path, SubjectTokenFormat format) : ISubjectTokenSource
{
    private const int MaxFileBytes = 64 * 1024;

    public async Task<string> GetSubjectTokenAsync(CancellationToken cancellationToken)
    {
        var origin = $"the subject token file {path}";
        byte[] content;
        try
        {
            await using var stream = File.OpenRead(path);
            content = await BoundedReader.ReadAsync(stream, MaxFileBytes, origin, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ContentTooLargeException)
        {
            throw new GoogleEndpointException($"cannot read {origin}: {e.Message}", e);
        }

        return format.Extract(content, origin);
    }
}
