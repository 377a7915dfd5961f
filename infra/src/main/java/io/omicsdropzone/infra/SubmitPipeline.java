package io.omicsdropzone.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.constructs.Construct;

/**
 * From a dropped file to a run batch: the HealthOmics service role, the submit function with exactly the rights it
 * uses, and the S3 notification that invokes its alias for every {@code .json} created under the upload prefix.
 */
final class SubmitPipeline extends Construct implements GroupingConstruct {

    public static final String SUBMIT_HANDLER = "io.omicsdropzone.handler.S3DropHandler::handleRequest";

    /**
     * One full vCPU (Lambda allocates CPU in proportion to memory; 1,769 MB is one vCPU) to stream-validate the
     * largest allowed file: 6 GB at ~100 MB/s is about a minute; the 15-minute timeout leaves room for a tenth of
     * that throughput.
     */
    static final int SUBMIT_MEMORY_MB = 1769;
    static final Duration SUBMIT_TIMEOUT = Duration.minutes(15);
    /**
     * An omics ARN takes about 60 of a managed policy's 6,144 characters once resolved (70 in the longest partition
     * and region names): 60 of them leave ample room.
     */
    static final int PIPELINE_RESOURCES_PER_POLICY = 60;

    private final DropzoneConfig config;
    private final IRole serviceRole;
    private final DropzoneFunction submit;

    SubmitPipeline(Construct scope, String id, Code code, DropzoneConfig config, DropzoneStorage storage) {
        super(scope, id);
        this.config = config;
        IBucket inputBucket = storage.inputBucket();

        InputLocations inputLocations = new InputLocations(config.inputLocations());
        this.serviceRole = new OmicsServiceRole(this, "HealthOmicsServiceRole", inputBucket, config.uploadPrefix(),
                config.snapshotPrefix(), storage.outputBucket(), config.outputPrefix(), config.ecrRepositoryArns(),
                inputLocations).role();

        Map<String, String> environment = new TreeMap<>(storage.environment());
        environment.put("PHI_SAFE", Boolean.toString(config.phiSafe()));
        environment.put("SNAPSHOT_PREFIX", config.snapshotPrefix());
        environment.put("CHECK_INPUTS", Boolean.toString(config.checkInputs()));
        // Streams up to 6 GB: keeps C2 (see DropzoneFunction.FULL_TIERED).
        environment.put(DropzoneFunction.JAVA_TOOL_OPTIONS, DropzoneFunction.FULL_TIERED);
        if (config.pipelines().isPresent()) {
            // The file rides in a layer (see DeployedPipelines); the tokens it cannot hold come as variables.
            environment.put("PIPELINES_FILE", DeployedPipelines.LAYER_PATH);
            environment.put("SERVICE_ROLE_ARN", serviceRole.getRoleArn());
            environment.put("OUTPUT_URI", storage.outputUri());
        } else {
            environment.put("DEFAULT_RUN_SETTING", Stack.of(this).toJsonString(
                    config.defaultRunSetting(serviceRole.getRoleArn(), storage.outputUri())));
        }
        this.submit = new DropzoneFunction(this, "SubmitFunction", code, storage.key(), config.logRetentionDays(),
                new DropzoneFunction.Settings(
                        SUBMIT_HANDLER,
                        "Validates a dropped run-settings file and starts a HealthOmics run batch for it",
                        SUBMIT_MEMORY_MB,
                        SUBMIT_TIMEOUT,
                        // The longest Lambda keeps an S3 event: throttled deliveries are retried for up to 6 hours.
                        Duration.hours(6),
                        environment,
                        storage.submitFailures(),
                        config.reservedConcurrency()));

        config.pipelines().ifPresent(pipelines -> submit.function().addLayers(LayerVersion.Builder
                .create(this, "PipelinesLayer")
                .description("omics-dropzone pipelines file (" + DeployedPipelines.LAYER_PATH + ")")
                .code(Code.fromAsset(pipelines.layerDirectory().toString()))
                .compatibleRuntimes(List.of(DropzoneFunction.RUNTIME))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .build()));

        IRole role = submit.role();
        grantReadDrops(role, inputBucket);
        grantStartRunBatch(role);
        grantPreflight(role, inputLocations);
        new SnapshotProtection(this, "Snapshots", inputBucket, config, role);
        // It records the drop and its batch; finding batches by id or listing open ones is the tracking side's.
        storage.grantItemActions(role, "GetItem", "PutItem", "UpdateItem");
        storage.grantPublish(role);
        suppressWildcards(inputBucket, storage.outputBucket());
        suppressInputLocationWildcards(inputLocations);

        inputBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(submit.alias()),
                NotificationKeyFilter.builder().prefix(config.uploadPrefix()).suffix(".json").build());
        if (config.pipelines().map(p -> p.pipelines().acceptsSamplesheets()).orElse(false)) {
            // Suffix filters are case-sensitive; the function takes a sheet's extension in any case, and spreadsheet
            // exports and instruments write .CSV too.
            for (String suffix : List.of(".csv", ".tsv", ".CSV", ".TSV")) {
                inputBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(submit.alias()),
                        NotificationKeyFilter.builder().prefix(config.uploadPrefix()).suffix(suffix).build());
            }
        }
    }

    DropzoneFunction function() {
        return submit;
    }

    IRole serviceRole() {
        return serviceRole;
    }

    private void grantReadDrops(IRole role, IBucket inputBucket) {
        // The function reads the current version of the key named in the event (no GetObjectVersion).
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadDroppedRunSettings")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(inputBucket.arnForObjects(config.uploadPrefix() + "*")))
                .build());
        // With s3:ListBucket, HeadObject/GetObject of a key deleted since the event answer 404 instead of 403, so
        // the function tells "the file is gone" from "access denied" (Amazon S3 API Reference, HeadObject,
        // "Permissions"). AWS does not document the request context of that check; Ceph RGW matched AWS by
        // evaluating it with the object key as s3:prefix (ceph/ceph#68577), which this condition admits.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ListUploadPrefix")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(inputBucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(config.uploadPrefix() + "*"))))
                .build());
    }

    private void grantStartRunBatch(IRole role) {
        // StartRunBatch is authorized twice: omics:StartRunBatch on the batch and omics:StartRun for the runs it
        // creates, each against the run, the workflow and (when set) the run group and run cache. Run and batch
        // ids do not exist before the call; the workflow, run group and cache are the configured ones.
        List<String> startResources = new ArrayList<>(List.of(
                OmicsArns.anyRunBatch(this),
                OmicsArns.of(this, "run", "*")));
        List<String> passedRoles = new ArrayList<>();
        if (config.pipelines().isPresent()) {
            DeployedPipelines pipelines = config.pipelines().get();
            grantPipelineResources(role, pipelines);
            if (pipelines.usesStackRole()) {
                passedRoles.add(serviceRole.getRoleArn());
            }
            passedRoles.addAll(pipelines.ownRoleArns());
        } else {
            startResources.add(OmicsArns.of(this, "workflow", config.workflowId()));
            config.runGroupId().ifPresent(id -> startResources.add(OmicsArns.of(this, "runGroup", id)));
            config.cacheId().ifPresent(id -> startResources.add(OmicsArns.of(this, "runCache", id)));
            passedRoles.add(serviceRole.getRoleArn());
        }
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("StartRunBatchAndItsRuns")
                .actions(List.of("omics:StartRunBatch", "omics:StartRun"))
                .resources(startResources)
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("TagBatchAndRuns")
                .actions(List.of("omics:TagResource"))
                .resources(List.of(OmicsArns.anyRunBatch(this), OmicsArns.of(this, "run", "*")))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PassServiceRoleToHealthOmics")
                .actions(List.of("iam:PassRole"))
                .resources(passedRoles)
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "omics.amazonaws.com")))
                .build());
    }

    /**
     * Each pipeline's own workflow, run group and cache, and nothing any pipeline does not name. Twenty pipelines name
     * up to sixty resources: more than fits beside the role's other statements in its inline policy (IAM allows 10,240
     * characters for all of a role's inline policies), so they go into managed policies of their own, each within
     * IAM's 6,144 characters. Holding no wildcard, they need no cdk-nag suppression.
     */
    private void grantPipelineResources(IRole role, DeployedPipelines pipelines) {
        List<String> resources = new ArrayList<>();
        pipelines.settingValues("workflowId").forEach(id -> resources.add(OmicsArns.of(this, "workflow", id)));
        pipelines.settingValues("runGroupId").forEach(id -> resources.add(OmicsArns.of(this, "runGroup", id)));
        pipelines.settingValues("cacheId").forEach(id -> resources.add(OmicsArns.of(this, "runCache", id)));
        int parts = (resources.size() + PIPELINE_RESOURCES_PER_POLICY - 1) / PIPELINE_RESOURCES_PER_POLICY;
        for (int part = 0; part < parts; part++) {
            List<String> chunk = resources.subList(part * PIPELINE_RESOURCES_PER_POLICY,
                    Math.min(resources.size(), (part + 1) * PIPELINE_RESOURCES_PER_POLICY));
            ManagedPolicy.Builder.create(this, "PipelineResources" + (part + 1))
                    .description("omics-dropzone: start runs of the pipelines' workflows, run groups and run caches"
                            + " (part " + (part + 1) + " of " + parts + ")")
                    .statements(List.of(PolicyStatement.Builder.create()
                            .sid("StartRunsOfThePipelines")
                            .actions(List.of("omics:StartRunBatch", "omics:StartRun"))
                            .resources(chunk)
                            .build()))
                    .roles(List.of(role))
                    .build();
        }
    }

    /**
     * Pre-flight reads the configured workflow (its parameter template and status) and checks that inputs exist:
     * GetWorkflow only on the configured workflow, GetWorkflowVersion only on it and its configured version, and read access
     * to exactly the input locations the service role reads (the upload prefix is already readable).
     */
    private void grantPreflight(IRole role, InputLocations inputLocations) {
        if (config.pipelines().isPresent()) {
            grantPipelineWorkflowReads(role, config.pipelines().get());
        } else {
            grantConfiguredWorkflowReads(role);
        }
        if (checksInputs()) {
            inputLocations.readStatements(this).forEach(role::addToPrincipalPolicy);
        }
    }

    /** Whether any drop's inputs are checked: the deployment's checkInputs, or a pipeline that switches them on. */
    private boolean checksInputs() {
        return config.checkInputs() || config.pipelines().map(deployed -> deployed.pipelines().all().stream()
                .anyMatch(pipeline -> pipeline.checkInputs().orElse(false))).orElse(false);
    }

    private void grantConfiguredWorkflowReads(IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadConfiguredWorkflow")
                .actions(List.of("omics:GetWorkflow"))
                .resources(List.of(OmicsArns.of(this, "workflow", config.workflowId())))
                .build());
        // GetWorkflowVersion is authorized against both resource types the Service Authorization Reference lists for
        // it, the workflow and the workflow version
        // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awshealthomics.html): granted on
        // the version alone it is denied, and every versioned drop would say "parameters not checked".
        config.workflowVersionName().ifPresent(version -> role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadConfiguredWorkflowVersion")
                .actions(List.of("omics:GetWorkflowVersion"))
                .resources(List.of(OmicsArns.of(this, "workflow", config.workflowId()),
                        OmicsArns.of(this, "workflow", config.workflowId() + "/version/" + version)))
                .build()));
    }

    /** Pre-flight per pipeline: GetWorkflow on each pipeline's workflow, GetWorkflowVersion on each named version. */
    private void grantPipelineWorkflowReads(IRole role, DeployedPipelines pipelines) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create()
                .sid("ReadThePipelinesWorkflows")
                .actions(List.of("omics:GetWorkflow"))
                .resources(pipelines.settingValues("workflowId").stream()
                        .map(id -> OmicsArns.of(this, "workflow", id)).toList())
                .build());
        List<String> versions = pipelines.workflowVersions();
        if (!versions.isEmpty()) {
            // Authorized against the workflow and the version alike (see grantConfiguredWorkflowReads).
            List<String> resources = new ArrayList<>();
            versions.stream().map(version -> version.substring(0, version.indexOf('/'))).distinct()
                    .forEach(workflow -> resources.add(OmicsArns.of(this, "workflow", workflow)));
            versions.forEach(version -> resources.add(OmicsArns.of(this, "workflow", version)));
            statements.add(PolicyStatement.Builder.create()
                    .sid("ReadThePipelinesWorkflowVersions")
                    .actions(List.of("omics:GetWorkflowVersion"))
                    .resources(resources)
                    .build());
        }
        ManagedPolicy.Builder.create(this, "PipelineWorkflows")
                .description("omics-dropzone: pre-flight reads the pipelines' workflows and workflow versions")
                .statements(statements)
                .roles(List.of(role))
                .build();
    }

    private void suppressInputLocationWildcards(InputLocations inputLocations) {
        if (inputLocations.isEmpty()) {
            return;
        }
        NagPackSuppression inputs = NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Runs read any input file under the configured input locations (context inputLocations); "
                        + "pre-flight checks the same files exist")
                .appliesTo(inputLocations.nagAppliesTo())
                .build();
        NagSuppressions.addResourceSuppressions(serviceRole, List.of(inputs), true);
        if (checksInputs()) {
            NagSuppressions.addResourceSuppressions(submit.role(), List.of(inputs), true);
        }
    }

    /** The resource wildcards of the submit role and the service role, named one by one. */
    private void suppressWildcards(IBucket inputBucket, IBucket outputBucket) {
        String uploadedObjects = NagArns.objectsUnder(inputBucket, config.uploadPrefix());
        NagSuppressions.addResourceSuppressions(submit.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Wildcards only where names cannot be known in advance: run batch and run ids are created "
                        + "by HealthOmics (runBatch/*, run/* of this account and region), and the dropped files "
                        + "are any object under the upload prefix")
                .appliesTo(List.of(OmicsArns.nagForm("runBatch", "*"), OmicsArns.nagForm("run", "*"),
                        uploadedObjects, NagArns.objectsUnder(inputBucket, config.snapshotPrefix())))
                .build()), true);
        String outputLocation = NagArns.objectsUnder(outputBucket, config.outputPrefix());
        NagSuppressions.addResourceSuppressions(serviceRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("HealthOmics reads the run-settings files and inputs under the upload prefix and writes "
                        + "outputs under the output prefix, object names it chooses at run time; its workflow log "
                        + "group /aws/omics/WorkflowLog gets one stream per run")
                .appliesTo(List.of(
                        uploadedObjects,
                        NagArns.objectsUnder(inputBucket, config.snapshotPrefix()),
                        outputLocation,
                        "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
                                + OmicsServiceRole.WORKFLOW_LOG_GROUP + ":*",
                        "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
                                + OmicsServiceRole.WORKFLOW_LOG_GROUP + ":log-stream:*"))
                .build()), true);
    }
}
