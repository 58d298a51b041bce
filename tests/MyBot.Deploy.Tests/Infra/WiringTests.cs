using System.Text.Json;
using System.Text.RegularExpressions;
using MyBot.Deploy.Tests.Bicep;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>What a Bicep compiler and azd would reject or miss: parameters, module calls, outputs and tags that do not line up.</summary>
public sealed partial class WiringTests
{
    [Fact]
    public void Main_is_subscription_scoped_with_the_azd_parameters()
    {
        var main = InfraFiles.Main;
        Assert.Equal("subscription", main.TargetScope);
        Assert.False(main.Parameters["environmentName"].HasDefault);
        Assert.False(main.Parameters["location"].HasDefault);
        Assert.Equal("''", main.Parameters["principalId"].DefaultValue);
        Assert.Equal("toLower(uniqueString(subscription().id, environmentName, location))", main.Variables["resourceToken"]);
        Assert.Contains("'azd-env-name': environmentName", main.Variables["tags"], StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_file_maps_every_parameter_without_a_default_and_only_declared_ones()
    {
        var mapped = ParameterFileValues();
        var parameters = InfraFiles.Main.Parameters;

        Assert.All(mapped.Keys, name => Assert.True(parameters.ContainsKey(name), $"{name} is mapped but not declared"));
        Assert.All(parameters.Values.Where(parameter => !parameter.HasDefault), parameter => Assert.Contains(parameter.Name, mapped.Keys));
        Assert.Equal("${AZURE_ENV_NAME}", mapped["environmentName"]);
        Assert.Equal("${AZURE_LOCATION}", mapped["location"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", mapped["principalId"]);
        Assert.Equal("${TELEGRAM_BOT_TOKEN}", mapped["telegramBotToken"]);
    }

    [Theory]
    [InlineData("apiToken", "MYBOT_API_TOKEN")]
    [InlineData("telegramWebhookSecret", "TELEGRAM_WEBHOOK_SECRET")]
    public void Generated_secrets_come_from_the_azd_environment_and_are_generated_when_missing(string parameter, string variable)
    {
        var declaration = InfraFiles.Main.Parameters[parameter];
        Assert.True(declaration.IsSecure);
        // No default: azd hands an unset variable over as '' (which would override a default), so generation is
        // azd's job: the preprovision hook writes the variable, the generate metadata covers runs without hooks.
        Assert.False(declaration.HasDefault);
        Assert.Contains(declaration.Decorators, decorator => decorator.Contains("type: 'generate'", StringComparison.Ordinal));
        Assert.Equal($"${{{variable}}}", ParameterFileValues()[parameter]);
        Assert.Contains(variable, RepositoryLayout.ReadText("infra", "hooks", "ensure-secrets.sh"), StringComparison.Ordinal);
        Assert.Contains(variable, RepositoryLayout.ReadText("infra", "hooks", "ensure-secrets.ps1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Module_calls_pass_every_required_parameter_and_only_declared_ones()
    {
        Assert.All(InfraFiles.All.Values, file =>
        {
            foreach (var call in file.Modules.Values)
            {
                var target = InfraFiles.Target(file, call);
                var passed = call.Params.Members.Keys.ToHashSet(StringComparer.Ordinal);
                Assert.All(passed, name => Assert.True(target.Parameters.ContainsKey(name), $"{call.Symbol} passes undeclared {name}"));
                Assert.All(
                    target.Parameters.Values.Where(parameter => !parameter.HasDefault),
                    parameter => Assert.True(passed.Contains(parameter.Name), $"{call.Symbol} does not pass required {parameter.Name}"));
            }
        });
    }

    [Fact]
    public void Module_outputs_used_are_declared_by_the_module()
    {
        Assert.All(InfraFiles.All.Values, file =>
        {
            foreach (Match use in ModuleOutputPattern().Matches(file.Text))
            {
                var symbol = use.Groups["module"].Value;
                if (!file.Modules.TryGetValue(symbol, out var call))
                {
                    continue;
                }

                var target = InfraFiles.Target(file, call);
                Assert.True(target.Outputs.ContainsKey(use.Groups["output"].Value), $"{symbol}.outputs.{use.Groups["output"].Value} is not declared");
            }
        });
    }

    [Fact]
    public void Outputs_give_azd_the_registry_and_the_user_the_app_url_and_resource_names()
    {
        var outputs = InfraFiles.Main.Outputs;
        Assert.Equal("registry.outputs.loginServer", outputs["AZURE_CONTAINER_REGISTRY_ENDPOINT"].Expression);
        Assert.Equal("app[0].outputs.uri", outputs["MYBOT_URL"].Expression);
        Assert.Equal("app[0].outputs.name", outputs["SERVICE_MYBOT_NAME"].Expression);
        foreach (var name in new[] { "AZURE_RESOURCE_GROUP", "SERVICE_MYBOT_NAME", "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_LOG_ANALYTICS_WORKSPACE_NAME", "AZURE_CONTAINER_APPS_ENVIRONMENT_NAME" })
        {
            Assert.Contains(name, outputs.Keys);
        }
    }

    [Fact]
    public void The_app_carries_the_azd_service_tag_of_the_azure_yaml_service()
    {
        var tags = InfraFiles.Main.Modules["app"].Params["tags"]!;
        Assert.Contains("'azd-service-name': serviceName", tags, StringComparison.Ordinal);
        Assert.Equal("'mybot'", InfraFiles.Main.Variables["serviceName"]);
        Assert.Contains("  mybot:", RepositoryLayout.ReadText("azure.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_symbol_shadows_a_scope_function_the_templates_rely_on()
    {
        string[] functions = ["environment", "resourceGroup", "subscription", "tenant", "deployment", "managementGroup"];
        Assert.All(InfraFiles.All.Values, file =>
        {
            var symbols = file.Parameters.Keys.Concat(file.Variables.Keys).Concat(file.Resources.Keys).Concat(file.Modules.Keys);
            Assert.Empty(symbols.Intersect(functions));
        });
    }

    private static Dictionary<string, string> ParameterFileValues()
    {
        using var document = JsonDocument.Parse(RepositoryLayout.ReadText("infra", "main.parameters.json"));
        return document.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(property => property.Name, property => property.Value.GetProperty("value").GetString()!, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\b(?<module>\w+)(\[[^\]]+\])?\.outputs\.(?<output>\w+)")]
    private static partial Regex ModuleOutputPattern();
}
