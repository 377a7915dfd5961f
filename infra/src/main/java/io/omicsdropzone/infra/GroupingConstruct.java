package io.omicsdropzone.infra;

/**
 * A construct that only groups a stack's resources for readability. {@link DropzoneStack} leaves its id out of the
 * logical IDs of the resources inside it, so moving a resource into a group does not rename it in the template:
 * a renamed table, bucket or key would be created anew by CloudFormation and the retained original orphaned.
 */
interface GroupingConstruct {
}
