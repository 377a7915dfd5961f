package io.omicsdropzone.local.standins.faults;

import java.net.URI;

/** The fronts {@code StandIns} puts before S3, DynamoDB and SNS (the HealthOmics emulator has its own faults). */
public final class FaultFronts implements AutoCloseable {

    private final FaultFront s3;
    private final FaultFront dynamoDb;
    private final FaultFront sns;

    private FaultFronts(FaultFront s3, FaultFront dynamoDb, FaultFront sns) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.sns = sns;
    }

    public static FaultFronts start(URI s3Target, URI dynamoDbTarget, URI snsTarget) {
        FaultFront s3 = FaultFront.start(Service.S3, s3Target);
        FaultFront dynamoDb = null;
        try {
            dynamoDb = FaultFront.start(Service.DYNAMODB, dynamoDbTarget);
            return new FaultFronts(s3, dynamoDb, FaultFront.start(Service.SNS, snsTarget));
        } catch (RuntimeException e) {
            s3.close();
            if (dynamoDb != null) {
                dynamoDb.close();
            }
            throw e;
        }
    }

    public FaultFront s3() {
        return s3;
    }

    public FaultFront dynamoDb() {
        return dynamoDb;
    }

    public FaultFront sns() {
        return sns;
    }

    public FaultFront of(Service service) {
        return switch (service) {
            case S3 -> s3;
            case DYNAMODB -> dynamoDb;
            case SNS -> sns;
        };
    }

    /** Every front back to pass-through, counters zeroed. */
    public void reset() {
        s3.reset();
        dynamoDb.reset();
        sns.reset();
    }

    @Override
    public void close() {
        s3.close();
        dynamoDb.close();
        sns.close();
    }
}
