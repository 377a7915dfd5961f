package io.omicsdropzone.cli;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;

/**
 * Uploads one file with a CRC32 checksum of the whole object that S3 checks before it stores anything: a single
 * PutObject up to the threshold, a multipart upload above it with the {@code FULL_OBJECT} checksum type (each part
 * carries its own CRC32 too), so the stored object's checksum is the CRC32 of the file as read here, whatever the
 * part size (Amazon S3 User Guide, "Checking object integrity",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html; CreateMultipartUpload's
 * {@code x-amz-checksum-type}, https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html). A
 * failed multipart upload is aborted so no parts are left billed.
 */
final class DropUpload {

    /** S3's smallest part (all but the last): 5 MiB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html). */
    static final long MIN_PART = 5L * 1024 * 1024;
    /** Default: files above 16 MiB go in 16 MiB parts (10,000 parts: files up to 160 GB). */
    static final long DEFAULT_THRESHOLD = 16L * 1024 * 1024;

    /** What S3 answered: the ETag (quoted, as S3 returns it) and versionId of the new object. */
    record Uploaded(String eTag, String versionId, long size, String crc32, int parts) {
    }

    private final S3Client s3;
    private final long threshold;

    /** @param threshold files larger than this go multipart, in parts of this size (at least {@link #MIN_PART}) */
    DropUpload(S3Client s3, long threshold) {
        if (threshold < MIN_PART) {
            throw new IllegalArgumentException("the multipart threshold is at least " + MIN_PART
                    + " bytes (S3's smallest part), got " + threshold);
        }
        this.s3 = s3;
        this.threshold = threshold;
    }

    Uploaded upload(Path file, String bucket, String key, LongConsumer bytesSent) throws IOException {
        long size = Files.size(file);
        String crc32 = crc32(file);
        if (size <= threshold) {
            PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).checksumCRC32(crc32),
                    RequestBody.fromFile(file));
            bytesSent.accept(size);
            return new Uploaded(put.eTag(), put.versionId(), size, crc32, 1);
        }
        return multipart(file, bucket, key, size, crc32, bytesSent);
    }

    private Uploaded multipart(Path file, String bucket, String key, long size, String crc32, LongConsumer bytesSent)
            throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32).checksumType(ChecksumType.FULL_OBJECT)).uploadId();
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            long sent = 0;
            for (int number = 1; sent < size; number++) {
                byte[] part = in.readNBytes((int) Math.min(threshold, size - sent));
                String partCrc = crc32(part);
                int partNumber = number;
                String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                        .checksumCRC32(partCrc), RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).checksumCRC32(partCrc).build());
                sent += part.length;
                bytesSent.accept(sent);
            }
            CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                    .uploadId(uploadId).checksumCRC32(crc32).checksumType(ChecksumType.FULL_OBJECT)
                    .multipartUpload(m -> m.parts(parts)));
            return new Uploaded(done.eTag(), done.versionId(), size, crc32, parts.size());
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** Base64 of the big-endian CRC32, the form of {@code x-amz-checksum-crc32}. */
    static String crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return encode(crc);
    }

    static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return encode(crc);
    }

    private static String encode(CRC32 crc) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
