using System.ComponentModel.DataAnnotations;

namespace MyBot.Channels.Web;

/// <summary>Bound from <c>MyBot:Web</c>: the browser chat and its sign-in.</summary>
public sealed class WebChatOptions
{
    public const string SectionName = "MyBot:Web";

    /// <summary>The user id of the browser's conversations (<c>web:&lt;User&gt;:&lt;conversation&gt;</c>): the owner, who signs in with the API token.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9_.\-]{1,64}$", ErrorMessage = "MyBot:Web:User must be 1-64 letters, digits, '_', '.' or '-'.")]
    public string User { get; set; } = "owner";

    /// <summary>Entries kept per conversation once a browser has acknowledged them; unacknowledged replies are always kept.</summary>
    [Range(10, 100_000)]
    public int HistoryCapacity { get; set; } = 500;

    /// <summary>How long a sign-in lasts without use; each visit extends it.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);
}
