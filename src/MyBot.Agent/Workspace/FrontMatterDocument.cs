using YamlDotNet.RepresentationModel;

namespace MyBot.Agent.Workspace;

/// <summary>A workspace file split into its YAML settings and its Markdown body.</summary>
/// <param name="BodyLine">The file's line the body starts on, for errors about the body.</param>
public sealed record FrontMatterDocument(YamlMappingNode Settings, string Body, int BodyLine);
