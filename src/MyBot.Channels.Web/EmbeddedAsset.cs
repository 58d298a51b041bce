using Microsoft.Net.Http.Headers;

namespace MyBot.Channels.Web;

/// <summary>One embedded file as served: its bytes, content type, and the version (a hash of the bytes) its address and ETag carry.</summary>
public sealed record EmbeddedAsset(byte[] Content, string ContentType, string Version, EntityTagHeaderValue ETag);
