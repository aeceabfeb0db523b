using System.Net;

namespace OciSource.Testing.Cloud.Aws;

/// <summary>
/// One simulated AWS account: STS, ECR in <see cref="Region"/> and ECR Public, sharing one <see cref="AwsCredentialStore"/>,
/// with every registry password the ECR simulators issue handed to the <c>accept</c> callback of <see cref="StartAsync"/> (e.g. <c>TokenServer.Accept</c>).
/// </summary>
public sealed class AwsSimulators : IAsyncDisposable
{
    private AwsSimulators(AwsCredentialStore credentials, StsSimulator sts, EcrSimulator ecr, EcrSimulator ecrPublic)
    {
        Credentials = credentials;
        Sts = sts;
        Ecr = ecr;
        EcrPublic = ecrPublic;
    }

    public AwsCredentialStore Credentials { get; }

    public StsSimulator Sts { get; }

    public EcrSimulator Ecr { get; }

    public EcrSimulator EcrPublic { get; }

    public string Region => Ecr.Region;

    public static async Task<AwsSimulators> StartAsync(string region, Action<NetworkCredential>? accept, CancellationToken cancellationToken)
    {
        var credentials = new AwsCredentialStore();
        var sts = await StsSimulator.StartAsync(credentials, cancellationToken);
        var ecr = await EcrSimulator.StartAsync(credentials, region, isPublic: false, cancellationToken);
        var ecrPublic = await EcrSimulator.StartAsync(credentials, "us-east-1", isPublic: true, cancellationToken);
        ecr.Issued = accept;
        ecrPublic.Issued = accept;
        return new AwsSimulators(credentials, sts, ecr, ecrPublic);
    }

    public async ValueTask DisposeAsync()
    {
        await Sts.DisposeAsync();
        await Ecr.DisposeAsync();
        await EcrPublic.DisposeAsync();
    }
}
