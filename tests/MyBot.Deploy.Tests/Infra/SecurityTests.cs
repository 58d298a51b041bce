using MyBot.Deploy.Tests.Bicep;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>Keys off, least-privilege data roles for the app identity, and no secret leaving through an output.</summary>
public sealed class SecurityTests
{
    private const string StorageBlobDataContributor = "'ba92f5b4-2d11-453d-a403-e96b0029c9fe'";
    private const string StorageQueueDataContributor = "'974c5e8b-45b9-4653-ba55-5f855dd0fb88'";
    private const string StorageTableDataContributor = "'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'";
    private const string AcrPull = "'7f951dda-4ed3-4680-a7ca-43fe172d538d'";

    [Fact]
    public void Storage_account_allows_no_shared_keys_no_public_blobs_and_nothing_below_TLS_1_2()
    {
        var storage = InfraFiles.Module("storage").Resources["storage"];
        Assert.Equal("Microsoft.Storage/storageAccounts", storage.Type);
        var properties = BicepObject.Parse(storage.Body["properties"]!);

        Assert.Equal("false", properties["allowSharedKeyAccess"]);
        Assert.Equal("false", properties["allowBlobPublicAccess"]);
        Assert.Equal("'TLS1_2'", properties["minimumTlsVersion"]);
        Assert.Equal("true", properties["supportsHttpsTrafficOnly"]);
    }

    [Fact]
    public void App_identity_gets_blob_queue_and_table_data_contributor_on_the_storage_account()
    {
        var access = InfraFiles.Module("storage-access");
        Assert.Equal(
            new[] { "storageBlobDataContributorRoleId", "storageQueueDataContributorRoleId", "storageTableDataContributorRoleId" },
            BicepObjectArray(access.Variables["dataRoleIds"]));
        Assert.Equal(StorageBlobDataContributor, access.Variables["storageBlobDataContributorRoleId"]);
        Assert.Equal(StorageQueueDataContributor, access.Variables["storageQueueDataContributorRoleId"]);
        Assert.Equal(StorageTableDataContributor, access.Variables["storageTableDataContributorRoleId"]);

        AssertRoleAssignment(access.Resources["identityDataRoles"], "identityPrincipalId", "'ServicePrincipal'", expectConditional: false);
        AssertRoleAssignment(access.Resources["userDataRoles"], "userPrincipalId", "userPrincipalType", expectConditional: true);
        Assert.Contains("for roleId in dataRoleIds", access.Resources["identityDataRoles"].DeclarationText, StringComparison.Ordinal);
        Assert.Contains("for roleId in dataRoleIds", access.Resources["userDataRoles"].DeclarationText, StringComparison.Ordinal);
    }

    [Fact]
    public void App_identity_pulls_the_image_with_AcrPull()
    {
        var access = InfraFiles.Module("registry-access");
        Assert.Equal(AcrPull, access.Variables["acrPullRoleId"]);
        AssertRoleAssignment(access.Resources["identityAcrPull"], "identityPrincipalId", "'ServicePrincipal'", expectConditional: false);

        var app = InfraFiles.ContainerApp;
        var configuration = BicepObject.Parse(BicepObject.Parse(app.Resources["app"].Body["properties"]!)["configuration"]!);
        var registries = configuration["registries"]!;
        var registry = BicepObject.Parse(registries[registries.IndexOf('{', StringComparison.Ordinal)..(registries.LastIndexOf('}') + 1)]);
        Assert.Equal("identity.id", registry["identity"]);
        Assert.Contains("'${identity.id}': {}", app.Resources["app"].Body["identity"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_identity_that_gets_the_roles_is_the_one_the_app_runs_as()
    {
        var main = InfraFiles.Main;
        Assert.Equal("identity.outputs.principalId", main.Modules["storageAccess"].Params["identityPrincipalId"]);
        Assert.Equal("identity.outputs.principalId", main.Modules["registryAccess"].Params["identityPrincipalId"]);
        Assert.Equal("principalId", main.Modules["storageAccess"].Params["userPrincipalId"]);
        Assert.Equal("identity.outputs.name", main.Modules["app"].Params["identityName"]);
        Assert.Contains("registryAccess", main.Modules["app"].Body["dependsOn"], StringComparison.Ordinal);
        Assert.Contains("storageAccess", main.Modules["app"].Body["dependsOn"], StringComparison.Ordinal);
    }

    [Fact]
    public void No_output_carries_a_secure_parameter()
    {
        Assert.All(InfraFiles.All.Values, file =>
        {
            var secure = file.SecureParameters.Select(parameter => parameter.Name).ToHashSet(StringComparer.Ordinal);
            Assert.All(file.Outputs.Values, output => Assert.Empty(BicepFile.Identifiers(output.Expression).Intersect(secure)));
        });
    }

    [Fact]
    public void Secure_parameters_are_passed_only_to_secure_module_parameters()
    {
        Assert.All(InfraFiles.All.Values, file =>
        {
            var secure = file.SecureParameters.Select(parameter => parameter.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var call in file.Modules.Values)
            {
                var target = InfraFiles.Target(file, call);
                foreach (var (name, value) in call.Params.Members)
                {
                    if (BicepFile.Identifiers(value).Overlaps(secure))
                    {
                        Assert.True(target.Parameters[name].IsSecure, $"{call.Symbol}.{name} receives a secret but is not @secure()");
                    }
                }
            }
        });
    }

    [Fact]
    public void Registry_has_no_admin_user_and_no_anonymous_pull()
    {
        var properties = BicepObject.Parse(InfraFiles.Module("registry").Resources["registry"].Body["properties"]!);
        Assert.Equal("false", properties["adminUserEnabled"]);
        Assert.Equal("false", properties["anonymousPullEnabled"]);
    }

    private static void AssertRoleAssignment(BicepResource assignment, string principal, string principalType, bool expectConditional)
    {
        Assert.Equal("Microsoft.Authorization/roleAssignments", assignment.Type);
        Assert.Equal(expectConditional, assignment.Condition is not null);
        var body = assignment.Body;
        var properties = BicepObject.Parse(body["properties"]!);
        Assert.Equal(principal, properties["principalId"]);
        Assert.Equal(principalType, properties["principalType"]);
        Assert.StartsWith("subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ", properties["roleDefinitionId"], StringComparison.Ordinal);
        Assert.StartsWith("guid(", body["name"], StringComparison.Ordinal);
        Assert.Contains(principal, body["name"], StringComparison.Ordinal);
        Assert.NotNull(body["scope"]);
    }

    private static string[] BicepObjectArray(string arrayText) =>
        BicepScanner.SplitMembers(arrayText.Trim()[1..^1]).ToArray();
}
