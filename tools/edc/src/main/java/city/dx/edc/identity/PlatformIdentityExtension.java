package city.dx.edc.identity;

import org.eclipse.edc.protocol.spi.DefaultParticipantIdExtractionFunction;
import org.eclipse.edc.runtime.metamodel.annotation.Extension;
import org.eclipse.edc.runtime.metamodel.annotation.Provider;
import org.eclipse.edc.runtime.metamodel.annotation.Provides;
import org.eclipse.edc.runtime.metamodel.annotation.Setting;
import org.eclipse.edc.spi.iam.AudienceResolver;
import org.eclipse.edc.spi.iam.IdentityService;
import org.eclipse.edc.spi.result.Result;
import org.eclipse.edc.spi.system.ServiceExtension;
import org.eclipse.edc.spi.system.ServiceExtensionContext;

/**
 * Identity through the city data exchange platform's OAuth server, for a connector that acts for
 * one registered participant (docs/dataspace.md §4). Outgoing DSP messages carry an access token
 * obtained with the participant's client credentials; incoming ones (from the platform) must carry
 * a token the platform signed for this connector's address, checked against the platform's JWKS.
 * The participant is the token's subject.
 */
@Provides(IdentityService.class)
@Extension(value = PlatformIdentityExtension.NAME)
public class PlatformIdentityExtension implements ServiceExtension {

    public static final String NAME = "City data exchange identity";

    @Setting(key = "dx.oauth.token.url", description = "The platform's token endpoint, e.g. https://city.example/oauth/token")
    private String tokenUrl;

    @Setting(key = "dx.oauth.client.id", description = "The OAuth client registered for this connector's participant")
    private String clientId;

    @Setting(key = "dx.oauth.client.secret", description = "That client's secret (from the environment: DX_OAUTH_CLIENT_SECRET)")
    private String clientSecret;

    @Setting(key = "dx.oauth.jwks.url", description = "The platform's JWKS, e.g. https://city.example/.well-known/jwks.json")
    private String jwksUrl;

    @Setting(key = "dx.oauth.issuer", description = "The issuer the platform writes in its tokens")
    private String issuer;

    @Setting(key = "dx.oauth.audience", description = "The audience a token sent to this connector must name: its own DSP address")
    private String audience;

    @Setting(key = "edc.agent.identity.key", description = "The claim that names the participant", defaultValue = "sub")
    private String identityKey;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void initialize(ServiceExtensionContext context) {
        context.registerService(IdentityService.class, new PlatformIdentityService(
                tokenUrl, clientId, clientSecret, jwksUrl, issuer, audience, context.getMonitor()));
    }

    @Provider(isDefault = true)
    public DefaultParticipantIdExtractionFunction participantIdExtractionFunction() {
        return claims -> claims.getStringClaim(identityKey);
    }

    /** Tokens this connector asks for are meant for the peer it sends the message to. */
    @Provider
    public AudienceResolver audienceResolver() {
        return message -> Result.success(message.getCounterPartyAddress());
    }
}
