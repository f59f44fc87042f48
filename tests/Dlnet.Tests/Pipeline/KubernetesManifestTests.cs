using k8s;
using k8s.Models;
using Dlnet.Cli;
using Dlnet.Pipeline;

namespace Dlnet.Tests.Pipeline;

/// <summary>
/// examples/kubernetes/ checked without a cluster: every YAML document read strictly into the Kubernetes
/// client's typed models by its apiVersion and kind (an unknown or misspelt field, or a value of the wrong
/// type, is an error), the rules the API server adds for the fields used here (required names, images and
/// claims, a Job's restart policy, Indexed completions), then what a sharded run needs: the completion index
/// reaching <c>--shard</c> of every pod, shards that all run at once, and the shared volume mounted where the
/// run folder and the data are.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static string Folder => Path.Combine(Native.NativeToolchain.RepositoryRoot, "examples", "kubernetes");

    private static T Single<T>(string file)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Folder, file)), strict: true);
        var only = Assert.IsType<T>(Assert.Single(objects));
        var problems = only switch
        {
            V1Job job => ApiRules.Of(job),
            V1PersistentVolumeClaim claim => ApiRules.Of(claim),
            _ => [$"{file}: not a Job or a PersistentVolumeClaim"],
        };
        Assert.True(problems.Count == 0, $"{file}: {string.Join("; ", problems)}");
        return only;
    }

    [Fact]
    public void TheIndexedJobGivesEachPodItsShardOnTheSharedVolume()
    {
        var claim = Single<V1PersistentVolumeClaim>("pvc.yaml");
        Assert.Contains("ReadWriteMany", claim.Spec.AccessModes);

        var job = Single<V1Job>("shards-job.yaml");
        Assert.Equal("Indexed", job.Spec.CompletionMode);
        int n = job.Spec.Completions ?? 0;
        Assert.InRange(n, 2, RunShare.MaxCount);
        // Each shard waits for the others between stages: all of them must run at once.
        Assert.Equal(n, job.Spec.Parallelism);

        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        var index = Assert.Single(container.Env, e => e.Name == "SHARD");
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", index.ValueFrom.FieldRef.FieldPath);
        string[] args = [.. container.Command.Skip(1), .. container.Args];
        Assert.Equal("dlnet", container.Command[0]);
        Assert.Equal($"$(SHARD)/{n}", After(args, "--shard"));
        for (int k = 0; k < n; k++)
        {
            string[] pod = [.. args.Select(a => a.Replace("$(SHARD)", k.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
            var parsed = CliApp.CreateRoot().Parse(pod);
            Assert.True(parsed.Errors.Count == 0, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        }
        AssertOnTheClaim(job, container, args, claim);

        var finish = Single<V1Job>("finish-job.yaml");
        var finisher = Assert.Single(finish.Spec.Template.Spec.Containers);
        string[] finishArgs = [.. finisher.Command.Skip(1), .. finisher.Args];
        Assert.Empty(CliApp.CreateRoot().Parse(finishArgs).Errors);
        // The finisher must resolve the shards' configuration, or its run folder would refuse it.
        Assert.Equal(Without(args, "--shard", 2), Without(finishArgs, "--finish", 1));
        Assert.Equal(container.Image, finisher.Image);
        AssertOnTheClaim(finish, finisher, finishArgs, claim);
    }

    [Fact]
    public void AMisspeltFieldOrAMissingNameIsCaught()
    {
        string text = File.ReadAllText(Path.Combine(Folder, "shards-job.yaml"));
        Assert.Contains("completionMode: Indexed", text);
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text.Replace("completionMode:", "completionMod:"), strict: true));
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text.Replace("parallelism: 4", "parallelism: four"), strict: true));
        var unnamed = (V1Job)Assert.Single(KubernetesYaml.LoadAllFromString(text.Replace("- name: dlnet", "- imagePullPolicy: Always"), strict: true));
        Assert.Contains("spec.template.spec.containers[0].name: required", ApiRules.Of(unnamed));
        var always = (V1Job)Assert.Single(KubernetesYaml.LoadAllFromString(text.Replace("restartPolicy: OnFailure", "restartPolicy: Always"), strict: true));
        Assert.Contains("spec.template.spec.restartPolicy: a Job's pods take Never or OnFailure, not Always", ApiRules.Of(always));
    }

    private static void AssertOnTheClaim(V1Job job, V1Container container, string[] args, V1PersistentVolumeClaim claim)
    {
        var mount = Assert.Single(container.VolumeMounts);
        var volume = Assert.Single(job.Spec.Template.Spec.Volumes, v => v.Name == mount.Name);
        Assert.Equal(claim.Metadata.Name, volume.PersistentVolumeClaim.ClaimName);
        string root = mount.MountPath.TrimEnd('/') + "/";
        Assert.StartsWith(root, After(args, "--out"));
        Assert.StartsWith(root, After(args, "--data"));
    }

    private static string After(string[] args, string option) => args[Array.IndexOf(args, option) + 1];

    private static string[] Without(string[] args, string option, int count)
    {
        int at = Array.IndexOf(args, option);
        Assert.True(at >= 0, $"no {option}");
        return [.. args[..at], .. args[(at + count)..]];
    }
}

/// <summary>What the API server requires of the fields these manifests use, beyond their types (the client's models do not check it).</summary>
internal static partial class ApiRules
{
    public static List<string> Of(V1Job job)
    {
        var problems = new List<string>();
        Name(problems, "metadata.name", job.Metadata?.Name);
        var spec = job.Spec;
        if (spec?.Template?.Spec is not { } pod) { problems.Add("spec.template.spec: required"); return problems; }
        if (pod.RestartPolicy is not ("Never" or "OnFailure"))
            problems.Add($"spec.template.spec.restartPolicy: a Job's pods take Never or OnFailure, not {pod.RestartPolicy ?? "the default Always"}");
        if (spec.CompletionMode is not (null or "NonIndexed" or "Indexed")) problems.Add($"spec.completionMode: {spec.CompletionMode} is not NonIndexed or Indexed");
        if (spec.CompletionMode == "Indexed" && spec.Completions is not > 0) problems.Add("spec.completions: an Indexed Job needs it");
        if (spec.Parallelism is < 0 || spec.Completions is < 0 || spec.BackoffLimit is < 0) problems.Add("spec: counts must not be negative");
        if (pod.Containers is not { Count: > 0 }) problems.Add("spec.template.spec.containers: at least one");
        var volumes = (pod.Volumes ?? []).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < (pod.Containers?.Count ?? 0); i++)
        {
            var c = pod.Containers![i];
            string at = $"spec.template.spec.containers[{i}]";
            Name(problems, at + ".name", c.Name);
            if (string.IsNullOrWhiteSpace(c.Image)) problems.Add(at + ".image: required");
            foreach (var e in c.Env ?? [])
                if (e.Name is null || !EnvName().IsMatch(e.Name)) problems.Add($"{at}.env: '{e.Name}' is not a valid variable name");
            foreach (var m in c.VolumeMounts ?? [])
            {
                if (!volumes.Contains(m.Name)) problems.Add($"{at}.volumeMounts: '{m.Name}' names no volume");
                if (m.MountPath is null || !m.MountPath.StartsWith('/')) problems.Add($"{at}.volumeMounts: mountPath must be absolute");
            }
        }
        for (int i = 0; i < (pod.Volumes?.Count ?? 0); i++)
        {
            var v = pod.Volumes![i];
            Name(problems, $"spec.template.spec.volumes[{i}].name", v.Name);
            if (v.PersistentVolumeClaim is { } claim && string.IsNullOrEmpty(claim.ClaimName)) problems.Add($"spec.template.spec.volumes[{i}].persistentVolumeClaim.claimName: required");
        }
        return problems;
    }

    public static List<string> Of(V1PersistentVolumeClaim claim)
    {
        var problems = new List<string>();
        Name(problems, "metadata.name", claim.Metadata?.Name);
        if (claim.Spec?.AccessModes is not { Count: > 0 } modes) problems.Add("spec.accessModes: required");
        else if (modes.Except(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]).FirstOrDefault() is { } bad) problems.Add($"spec.accessModes: {bad} is not an access mode");
        if (claim.Spec?.Resources?.Requests?.ContainsKey("storage") != true) problems.Add("spec.resources.requests.storage: required");
        return problems;
    }

    /// <summary>An RFC 1123 label, as names of objects, containers and volumes must be.</summary>
    private static void Name(List<string> problems, string field, string? name)
    {
        if (string.IsNullOrEmpty(name)) problems.Add($"{field}: required");
        else if (name.Length > 63 || !Label().IsMatch(name)) problems.Add($"{field}: '{name}' is not a lower-case RFC 1123 label");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex Label();

    [System.Text.RegularExpressions.GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial System.Text.RegularExpressions.Regex EnvName();
}
