import QtQuick
import QtTest
import Berth
import BerthTest

// The Settings page: switching identity, creating, unlocking, exporting and importing an
// account, switching the language at runtime, and publishing the identity's certificate.
Item {
    width: 1280
    height: 800

    SettingsPage {
        id: page
        anchors.fill: parent
    }

    TestCase {
        name: "SettingsPage"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no item named " + name)
            return found
        }

        // A row the Repeater has just made has its place only once its layouts are polished;
        // a click before that lands where the row will not be.
        function placed(item) {
            for (let p = item; p; p = p.parent)
                if (isPolishScheduled(p)) waitForItemPolished(p, 5000)
            return item
        }

        function initTestCase() {
            tryVerify(() => NodeHost.running, 20000, "the node never started")
        }

        function cleanupTestCase() {
            Language.setLanguage("en")
            if (NodeHost.identity !== "alice") {
                NodeHost.actions.switchIdentity("alice", "")
                tryCompare(NodeHost, "identity", "alice", 20000)
            }
        }

        function test_a_switchToDemoAccount() {
            tryVerify(() => findChild(page, "account_bob") !== null, 5000)
            verify(findChild(page, "account_alice") !== null)
            const target = NodeHost.identity === "bob" ? "alice" : "bob"
            mouseClick(placed(child("switchButton_" + target)))
            tryCompare(NodeHost, "identity", target, 20000)
            tryCompare(child("switchResult"), "text", "Now acting as " + target + ".", 20000)
            verify(child("identityLabel").text.startsWith("as " + target))
        }

        function test_b_createUnlockExportImport() {
            child("createNameField").text = "dave"
            child("createPassphraseField").text = "passphrase1"
            child("createConfirmField").text = "passphrase2"
            mouseClick(child("createAccountButton"))
            compare(child("createError").text, "The two passphrases differ.")
            child("createConfirmField").text = "passphrase1"
            mouseClick(child("createAccountButton"))
            compare(child("createError").text, "")
            tryVerify(() => findChild(page, "account_dave") !== null, 20000, "dave never showed in the list")
            tryCompare(child("createResult"), "text", "Account created.", 20000)

            // dave is no demo account: Use asks for the passphrase first.
            mouseClick(placed(child("switchButton_dave")))
            const passphrase = child("unlockPassphraseField")
            verify(passphrase.visible)
            passphrase.text = "not-it-at-all"
            mouseClick(child("unlockButton"))
            tryVerify(() => child("switchResult").text.startsWith("Rejected (wrong_passphrase)"), 20000)
            verify(NodeHost.identity !== "dave")
            passphrase.text = "passphrase1"
            mouseClick(child("unlockButton"))
            tryCompare(NodeHost, "identity", "dave", 20000)
            compare(NodeHost.account.usdc, "0")

            const file = TestSetup.tempPath("dave-export.key")
            child("exportPathField").text = file
            mouseClick(child("exportButton"))
            tryCompare(child("exportResult"), "text", "Encrypted key file written.", 20000)
            verify(TestSetup.fileExists(file))

            child("importPathField").text = "file://" + file
            child("importNameField").text = "dave"
            child("importButton").clicked()
            compare(child("importError").text, "There is already an account named dave.")
            child("importNameField").text = "dave2"
            child("importButton").clicked()
            tryVerify(() => findChild(page, "account_dave2") !== null, 20000, "the imported account never showed")
            const accounts = NodeHost.accounts
            let daveAddress = "", dave2Address = ""
            for (let r = 0; r < accounts.count; ++r) {
                const name = accounts.data(accounts.index(r, 0), Qt.UserRole + 1)
                if (name === "dave") daveAddress = accounts.data(accounts.index(r, 0), Qt.UserRole + 2)
                if (name === "dave2") dave2Address = accounts.data(accounts.index(r, 0), Qt.UserRole + 2)
            }
            verify(daveAddress.length > 0)
            compare(dave2Address, daveAddress)
        }

        function test_c_languageSwitchesAtRuntime() {
            compare(Language.current, "en")
            compare(qsTranslate("MarketplacePage", "No providers match"), "No providers match")
            mouseClick(child("language_de"))
            compare(Language.current, "de")
            compare(qsTranslate("MarketplacePage", "No providers match"), "Keine passenden Anbieter")
            mouseClick(child("language_en"))
            compare(Language.current, "en")
            compare(qsTranslate("MarketplacePage", "No providers match"), "No providers match")
        }

        function test_d_certificate() {
            if (NodeHost.identity !== "alice") {
                NodeHost.actions.switchIdentity("alice", "")
                tryCompare(NodeHost, "identity", "alice", 20000)
            }
            const status = child("certificateStatus")
            const button = child("certificateButton")
            if (!NodeHost.account.hasCertificate) {
                compare(status.text, "No certificate on chain.")
                compare(button.text, "Create certificate")
            }
            mouseClick(button)
            tryVerify(() => NodeHost.account.certificateFiles && !NodeHost.account.certificatePending, 20000, "the certificate was never saved")
            verify(status.text.startsWith("Valid until "))
            compare(button.text, "Renew certificate")
            tryCompare(child("certificateResult"), "text", "The chain holds the new certificate; its files are in the data directory.", 20000)
            verify(child("certificateFingerprint").text.length === 64)
        }
    }
}
