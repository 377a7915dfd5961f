package io.omicsdropzone.domain.redrive;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Which re-drive owns each run of an original drop: a run is re-driven at most once from the same original, whatever
 * the flags of the re-drive (two re-drives with different flags have different requestIds, so a claim on the new drop
 * alone would not stop them). Claims are conditional writes on the ORIGINAL's key space and never change owner.
 */
public interface RunClaims {

    /**
     * Claims every unclaimed {@code runSettingIds} of {@code originalRequestId} for {@code redriveRequestId}; claims
     * already held (by it or another re-drive) stay as they are.
     *
     * @return the owner of each given runSettingId after the call
     */
    Map<String, String> claim(String originalRequestId, String redriveRequestId, Collection<String> runSettingIds);

    /** The owners of the given runSettingIds that are claimed (absent: unclaimed); reads only. */
    Map<String, String> owners(String originalRequestId, Collection<String> runSettingIds);

    /** Every run of {@code originalRequestId} claimed for {@code redriveRequestId}: what its snapshot holds. */
    Set<String> claimedBy(String originalRequestId, String redriveRequestId);
}
