/** bcrypt password hashes (at.favre.lib:bcrypt), with the byte utilities it is built on kept inside. */
module at.favre.lib.bcrypt {
    exports at.favre.lib.crypto.bcrypt;
}
