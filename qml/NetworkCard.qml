import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Berth

// The chain the embedded node joins: the local devnet, or a network from its genesis file and
// its etcd cluster. Applying a choice restarts the app on it.
Card {
    id: card
    objectName: "networkCard"
    title: qsTr("Network")
    subtitle: Network.mode === "network" ? qsTr("a member of a network") : qsTr("the local devnet")

    property string error: ""

    FileDialog {
        id: genesisDialog
        title: qsTr("Choose the network's genesis file")
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("Genesis files (*.json)")]
        onAccepted: genesisField.text = selectedFile.toString()
    }

    RadioButton {
        id: devnetChoice
        objectName: "devnetChoice"
        text: qsTr("Local devnet (demo providers on this computer)")
        checked: Network.mode !== "network"
    }
    RadioButton {
        id: networkChoice
        objectName: "networkChoice"
        text: qsTr("A network, from its genesis file and etcd endpoints")
        checked: Network.mode === "network"
    }
    RowLayout {
        Layout.fillWidth: true
        enabled: networkChoice.checked
        TextField {
            id: genesisField
            objectName: "genesisField"
            Layout.fillWidth: true
            placeholderText: qsTr("Genesis file (genesis.json)")
            text: Network.genesisFile
        }
        Button {
            text: qsTr("Choose…")
            onClicked: genesisDialog.open()
        }
    }
    TextField {
        id: etcdField
        objectName: "etcdField"
        Layout.fillWidth: true
        enabled: networkChoice.checked
        placeholderText: qsTr("etcd endpoints, such as http://10.0.0.1:2379,http://10.0.0.2:2379")
        text: Network.etcdEndpoints
    }
    FieldError {
        objectName: "networkError"
        Layout.fillWidth: true
        text: card.error
    }
    Button {
        objectName: "applyNetworkButton"
        text: qsTr("Apply and restart")
        onClicked: card.error = devnetChoice.checked ? Network.useDevnet() : Network.joinNetwork(genesisField.text, etcdField.text)
    }
}
