#include "testsupport.h"

#include <encoder.h>
#include <sha256.h>
#include <statecommitment.h>

#include <testcase.h>

#include <QtTest>

#include <algorithm>
#include <random>

using namespace berth;

namespace {
Bytes job_object_key(std::uint64_t id)
{
    Encoder out;
    out.u8('j').u64(id);
    return out.take();
}

std::size_t bucket_of_key(ByteView key)
{
    const Hash256 key_hash = Hash256::of(key);
    return (std::size_t{key_hash.bytes()[0]} << 8) | key_hash.bytes()[1];
}

/**
 * The root of a commitment whose objects all lie in `bucket`, from the definition: the bucket's
 * entries hashed in one piece, then combined with empty subtrees up to the root.
 */
Hash256 root_of_one_bucket(const StateCommitment& commitment, std::size_t bucket)
{
    const ByteView entries = commitment.bucket_entries(bucket);
    Hash256 node = entries.empty() ? Hash256() : Hash256::of(entries);
    Hash256 empty_subtree;
    for (std::size_t at = StateCommitment::bucket_count + bucket; at > 1; at /= 2) {
        node = at % 2 == 0 ? Hash256::combine(node, empty_subtree) : Hash256::combine(empty_subtree, node);
        empty_subtree = Hash256::combine(empty_subtree, empty_subtree);
    }
    return node;
}
} // namespace

/** The chain's SHA-256 in one piece and in parts, and the state commitment built on it. */
class TestHashing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sha256KnownAnswers();
    void partsHashLikeTheWhole();
    void copyContinuesItsOwnDigest();
    void commitmentRootMatchesItsDefinition();
    void removingEveryObjectGivesTheEmptyRoot();
    void aBatchCommitsAsItsObjectsOneByOne();
    void aBucketIsRehashedFromItsFirstChange();
};

void TestHashing::sha256KnownAnswers()
{
    // FIPS 180-2's examples.
    QCOMPARE(QString::fromStdString(Hash256::of(as_bytes("abc")).hex()),
             QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(QString::fromStdString(Hash256::of({}).hex()), QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    Sha256 hasher;
    QCOMPARE(QString::fromStdString(hasher.update(as_bytes("abc")).finish().hex()),
             QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

void TestHashing::partsHashLikeTheWhole()
{
    Sha256 hasher;
    const Hash256 parts = hasher.update(as_bytes("ab")).update(as_bytes("")).update(as_bytes("c")).finish();
    QCOMPARE(parts, Hash256::of(as_bytes("abc")));
    // finish() starts the next digest afresh.
    QCOMPARE(hasher.update(as_bytes("abc")).finish(), parts);

    Encoder prefixed;
    prefixed.bytes(as_bytes("key")).bytes(as_bytes("value"));
    QCOMPARE(hasher.update_length(3).update(as_bytes("key")).update_length(5).update(as_bytes("value")).finish(), Hash256::of(prefixed.data()));

    const Hash256 left = Hash256::of(as_bytes("left"));
    const Hash256 right = Hash256::of(as_bytes("right"));
    Bytes joined(left.bytes().begin(), left.bytes().end());
    joined.insert(joined.end(), right.bytes().begin(), right.bytes().end());
    QCOMPARE(Hash256::combine(left, right), Hash256::of(joined));
}

void TestHashing::copyContinuesItsOwnDigest()
{
    Sha256 first;
    first.update(as_bytes("ab"));
    Sha256 second(first);
    QCOMPARE(second.update(as_bytes("c")).finish(), Hash256::of(as_bytes("abc")));
    QCOMPARE(first.update(as_bytes("d")).finish(), Hash256::of(as_bytes("abd")));
    Sha256 moved(std::move(first));
    QCOMPARE(moved.update(as_bytes("abc")).finish(), Hash256::of(as_bytes("abc")));
}

void TestHashing::commitmentRootMatchesItsDefinition()
{
    // The roots were computed apart from this code, from the definition in statecommitment.h: a leaf is
    // SHA-256 of the length-prefixed key and value; an object goes to the bucket named by the
    // first two bytes of its key's hash; a bucket hashes its (key hash, leaf) pairs in key-hash
    // order, an empty one is all zeros; a binary tree of 2^16 buckets gives the root.
    StateCommitment commitment;
    QCOMPARE(QString::fromStdString(commitment.root().hex()),
             QStringLiteral("8fe6b1689256c0d385f42f5bbe2027a22c1996e110ba97c171d3e5948de92beb"));

    Bytes account_key{'a'};
    for (std::uint8_t i = 0; i < 20; ++i) account_key.push_back(i);
    commitment.apply(job_object_key(7), ByteView(as_bytes("seven")));
    commitment.apply(Bytes{'g'}, ByteView(as_bytes("globals")));
    commitment.apply(account_key, ByteView(Bytes(300, 0)));
    QCOMPARE(commitment.size(), std::size_t{3});
    QCOMPARE(QString::fromStdString(commitment.root().hex()),
             QStringLiteral("bd7728e677083d22a7fbcf5e5b3bd8be118e5d14bbdc6ffade8d66396f834463"));

    // Replacing a value and putting it back gives the same root again.
    commitment.apply(job_object_key(7), ByteView(as_bytes("eight")));
    QVERIFY(QString::fromStdString(commitment.root().hex()) !=
            QStringLiteral("bd7728e677083d22a7fbcf5e5b3bd8be118e5d14bbdc6ffade8d66396f834463"));
    commitment.apply(job_object_key(7), ByteView(as_bytes("seven")));
    QCOMPARE(QString::fromStdString(commitment.root().hex()),
             QStringLiteral("bd7728e677083d22a7fbcf5e5b3bd8be118e5d14bbdc6ffade8d66396f834463"));
}

void TestHashing::removingEveryObjectGivesTheEmptyRoot()
{
    StateCommitment commitment;
    const Hash256 empty = commitment.root();
    for (std::uint64_t id = 1; id <= 200; ++id) commitment.apply(job_object_key(id), ByteView(as_bytes("job " + std::to_string(id))));
    QVERIFY(commitment.root() != empty);
    for (std::uint64_t id = 1; id <= 200; ++id) commitment.apply(job_object_key(id), std::nullopt);
    QCOMPARE(commitment.size(), std::size_t{0});
    QCOMPARE(commitment.root(), empty);
}

void TestHashing::aBatchCommitsAsItsObjectsOneByOne()
{
    // Enough objects that many buckets get several of a batch's objects; the batch names one key
    // twice (the later value counts), removes present and absent keys, and is followed by a
    // single change to one of its keys before the root is asked for.
    StateCommitment batched;
    StateCommitment one_by_one;
    for (std::uint64_t round = 0; round < 3; ++round) {
        std::vector<StateObject> objects;
        for (std::uint64_t id = 1; id <= 20'000; ++id) {
            if (round > 0 && id % 7 == 0) {
                objects.push_back({job_object_key(id * (round + 1)), std::nullopt});
                continue;
            }
            objects.push_back({job_object_key(id), Bytes(static_cast<std::size_t>(1 + (id + round) % 40), static_cast<std::uint8_t>(round))});
        }
        objects.push_back({job_object_key(5), Bytes{'l', 'a', 't', 'e', 'r'}});
        batched.apply(objects);
        for (const StateObject& object : objects)
            one_by_one.apply(object.key, object.value ? std::optional<ByteView>(*object.value) : std::nullopt);
        const std::string after = "after the batch " + std::to_string(round);
        const ByteView value = as_bytes(after);
        batched.apply(job_object_key(11), value);
        one_by_one.apply(job_object_key(11), value);

        std::vector<std::uint32_t> batched_buckets, single_buckets;
        const Hash256 root = batched.root(&batched_buckets);
        QCOMPARE(root, one_by_one.root(&single_buckets));
        QCOMPARE(batched_buckets, single_buckets);
        QCOMPARE(batched.size(), one_by_one.size());
    }
}

void TestHashing::aBucketIsRehashedFromItsFirstChange()
{
    // Two dozen keys that share one bucket, so that changes land before, between and after
    // entries already hashed; after each step the root must be what hashing the bucket whole gives.
    const std::size_t bucket = bucket_of_key(job_object_key(1));
    std::vector<Bytes> keys{job_object_key(1)};
    for (std::uint64_t id = 2; keys.size() < 24; ++id)
        if (bucket_of_key(job_object_key(id)) == bucket) keys.push_back(job_object_key(id));

    StateCommitment commitment;
    std::vector<bool> present(keys.size(), false);
    std::mt19937 random(7);
    for (int step = 0; step < 300; ++step) {
        // One to three changes before each root: a bucket may change at several places in a block.
        for (int change = 0, changes = 1 + step % 3; change < changes; ++change) {
            const std::size_t k = random() % keys.size();
            if (present[k] && random() % 4 == 0) {
                commitment.apply(keys[k], std::nullopt);
                present[k] = false;
            } else {
                const Bytes value(1 + random() % 50, static_cast<std::uint8_t>(step));
                commitment.apply(keys[k], ByteView(value));
                present[k] = true;
            }
        }
        QCOMPARE(commitment.size(), static_cast<std::size_t>(std::count(present.begin(), present.end(), true)));
        QCOMPARE(commitment.root(), root_of_one_bucket(commitment, bucket));
    }
    QVERIFY(commitment.size() > 12);

    // A bucket that shrinks below the size that keeps digest states, changes at its start while
    // small, and grows again with its first change after that start.
    StateCommitment regrown;
    std::sort(keys.begin(), keys.end(), [](const Bytes& a, const Bytes& b) { return Hash256::of(a) < Hash256::of(b); });
    for (std::size_t k = 0; k < 10; ++k) regrown.apply(keys[k], ByteView(as_bytes("first")));
    QCOMPARE(regrown.root(), root_of_one_bucket(regrown, bucket));
    for (std::size_t k = 5; k < 10; ++k) regrown.apply(keys[k], std::nullopt);
    QCOMPARE(regrown.root(), root_of_one_bucket(regrown, bucket));
    regrown.apply(keys[2], ByteView(as_bytes("changed while small")));
    QCOMPARE(regrown.root(), root_of_one_bucket(regrown, bucket));
    for (std::size_t k = 5; k < 8; ++k) regrown.apply(keys[k], ByteView(as_bytes("again")));
    QCOMPARE(regrown.root(), root_of_one_bucket(regrown, bucket));
}

BERTH_QTEST_APPLESS(TestHashing)
#include "tst_hashing.moc"
