/**
 * A process that starts DynamoDB Local on the data dir given as argument, prints `java <pid>`
 * and waits: tests kill it to prove no Java process outlives it.
 */
import { startDynamoDbLocal } from '../../lib/local/dynamodb.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: dynamodb-child.ts <dataDir>');
const dynamodb = await startDynamoDbLocal({ dataDir });
process.stdout.write(`java ${dynamodb.pid}\n`);
setInterval(() => {}, 60_000);
