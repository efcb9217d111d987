// SupportLab reports tests: signed exports verify, and any changed byte, field or key is refused.
#include "reports/signed_export.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sl::test {
namespace {

constexpr WallTime kSigned = 1764580200000; // 2025-12-01T09:10:00.000Z

class SignedExport : public ::testing::Test {
protected:
    void SetUp() override {
        m_key = NewOrganisationKey("Contoso Training");
        m_bytes = "trainee,score\r\nAna,82.5\r\n";
        m_chains = {{"a1b2", 12, std::string(64, 'c')}, {"ffee", 0, ""}};
        m_sig = SignExport("results.csv", m_bytes, m_key, kSigned, m_chains);
    }
    SignatureCheck Check(const std::string& bytes, const std::string& sig) const {
        return CheckSignedExport(Sha256Hex(bytes), static_cast<std::int64_t>(bytes.size()), sig);
    }

    OrganisationKey m_key;
    std::string m_bytes, m_sig;
    std::vector<ExportedChain> m_chains;
};

TEST_F(SignedExport, ASignedExportVerifiesAndSaysWhoSignedItAndWhen) {
    const SignatureCheck c = Check(m_bytes, m_sig);
    ASSERT_TRUE(c.m_ok) << c.m_problem;
    EXPECT_EQ(c.m_info.m_file, "results.csv");
    EXPECT_EQ(c.m_info.m_server, "Contoso Training");
    EXPECT_EQ(c.m_info.m_publicKey, m_key.m_publicKey);
    EXPECT_EQ(c.m_info.m_signedWall, kSigned);
    ASSERT_EQ(c.m_info.m_chains.size(), 2u);
    EXPECT_EQ(c.m_info.m_chains[0].m_attemptUid, "a1b2");
    EXPECT_EQ(c.m_info.m_chains[0].m_events, 12);
    EXPECT_EQ(c.m_info.m_chains[0].m_head, std::string(64, 'c'));
    EXPECT_EQ(c.m_info.m_chains[1].m_head, "");
    EXPECT_NE(m_sig.find("signed: 2025-12-01T09:10:00.000Z\n"), std::string::npos) << m_sig;
}

TEST_F(SignedExport, ChangingAnyOneByteOfTheExportIsFound) {
    for (size_t i = 0; i < m_bytes.size(); ++i) {
        std::string changed = m_bytes;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        const SignatureCheck c = Check(changed, m_sig);
        EXPECT_FALSE(c.m_ok) << "byte " << i;
        EXPECT_NE(c.m_problem.find("changed after export"), std::string::npos) << c.m_problem;
    }
    EXPECT_FALSE(Check(m_bytes + "x", m_sig).m_ok);
    EXPECT_FALSE(Check(m_bytes.substr(1), m_sig).m_ok);
}

TEST_F(SignedExport, ChangingAnyByteOfTheSignatureFileIsFound) {
    for (size_t i = 0; i < m_sig.size(); ++i) {
        std::string changed = m_sig;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        EXPECT_FALSE(Check(m_bytes, changed).m_ok) << "byte " << i << ": " << changed;
    }
}

TEST_F(SignedExport, AnotherKeysSignatureOverTheSameTextDoesNotHold) {
    // Someone re-signs a changed export with a key of her own: it verifies only as her key, so the
    // fingerprint (which `verify` prints and --key/--db compare) differs from the server's.
    const OrganisationKey other = NewOrganisationKey("Contoso Training");
    const std::string forged = SignExport("results.csv", "trainee,score\r\nAna,100\r\n", other, kSigned, m_chains);
    const SignatureCheck c = Check("trainee,score\r\nAna,100\r\n", forged);
    ASSERT_TRUE(c.m_ok) << c.m_problem;
    EXPECT_NE(KeyFingerprint(c.m_info.m_publicKey), KeyFingerprint(m_key.m_publicKey));
    // Her key swapped into the server's signature file breaks the signature.
    std::string swapped = m_sig;
    const size_t at = swapped.find("public-key: ") + 12;
    swapped.replace(at, 64, forged.substr(forged.find("public-key: ") + 12, 64));
    EXPECT_FALSE(Check(m_bytes, swapped).m_ok);
}

TEST_F(SignedExport, MalformedSignatureFilesAreRefusedWithAReason) {
    EXPECT_NE(Check(m_bytes, "").m_problem.find("not a SupportLab signature file"), std::string::npos);
    EXPECT_NE(Check(m_bytes, "hello\n").m_problem.find("not a SupportLab signature file"), std::string::npos);
    std::string noSig = m_sig.substr(0, m_sig.find("signature: "));
    EXPECT_NE(Check(m_bytes, noSig).m_problem.find("signature line"), std::string::npos);
    EXPECT_NE(Check(m_bytes, m_sig + "more\n").m_problem.find("text after its signature"), std::string::npos);
    std::string moreChains = m_sig;
    moreChains.replace(moreChains.find("chains: 2"), 9, "chains: 3");
    EXPECT_NE(Check(m_bytes, moreChains).m_problem.find("chain line"), std::string::npos);
    std::string hugeCount = m_sig;
    hugeCount.replace(hugeCount.find("chains: 2"), 9, "chains: 99999999999999999");
    EXPECT_FALSE(Check(m_bytes, hugeCount).m_ok);
}

TEST_F(SignedExport, ServerNamesAreWrittenOnOneLineAndFingerprintsAreShort) {
    OrganisationKey key = m_key;
    key.m_server = "Contoso\nchains: 0\rTraining";
    const SignatureCheck c = Check(m_bytes, SignExport("r.csv", m_bytes, key, kSigned, {}));
    ASSERT_TRUE(c.m_ok) << c.m_problem;
    EXPECT_EQ(c.m_info.m_server, "Contoso chains: 0 Training");
    const std::string fp = KeyFingerprint(m_key.m_publicKey);
    EXPECT_EQ(fp.size(), 24u) << fp; // five groups of four hex digits
    EXPECT_EQ(fp[4], '-');
    OrganisationKey publicOnly = m_key;
    publicOnly.m_secretKey.clear();
    EXPECT_THROW(SignExport("r.csv", m_bytes, publicOnly, kSigned, {}), std::invalid_argument);
}

} // namespace
} // namespace sl::test
