using Google.Apis.Util;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>Google.Apis' clock over a <see cref="TimeProvider"/>, so token expiry and refresh follow the controller's time.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : IClock
{
    [Obsolete("Google.Apis marks local time as inappropriate; kept for the interface.")]
    public DateTime Now => time.GetLocalNow().DateTime;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}
